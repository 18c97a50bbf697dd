import { TimerGroup, type EmulatorClock } from './clock.js';
import type { ClusterContext } from './cluster-context.js';
import { buildNode, nodeConditions } from './build-node.js';
import { createClusterFixtures } from './cluster-fixtures.js';
import { ContainerProcesses } from './container-processes.js';
import { LoadBalancerForwarders } from './load-balancer-forwarders.js';
import { VolumeController } from './sync-volumes.js';
import { admitObject } from './admit-object.js';
import { ObjectStore } from './object-store.js';
import { R, resourceByKind, type ResourceType } from './resources.js';
import { Kubelets } from './run-kubelet.js';
import { schedulePods } from './schedule-pods.js';
import { syncDeployments } from './sync-deployments.js';
import { syncReplicaSets } from './sync-replica-sets.js';
import { ServiceController } from './sync-services.js';
import type { CloudNetwork, EmulatedNetwork, EmulatedNodeSpec, EmulatorLogger, KubeFaults, KubeObject } from './types.js';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/** Controllers converge in a few passes; more than this means two of them disagree. */
const MAX_PASSES = 20;
const RECONCILE_GAP_MS = 50;

/** One emulated cluster: its store, its controllers, and a reconcile loop run after every change. */
export class EmulatedCluster implements ClusterContext {
  readonly store: ObjectStore;
  readonly timers: TimerGroup;
  readonly nodeSpecs = new Map<string, EmulatedNodeSpec>();
  readonly processes = new ContainerProcesses();
  readonly forwarders: LoadBalancerForwarders;
  private readonly kubelets: Kubelets;
  private readonly volumes: VolumeController;
  private readonly services: ServiceController;
  private pending: { cancel(): void } | undefined;
  private reconciledAt = -Infinity;
  private closed = false;

  constructor(
    readonly clusterId: string,
    nodes: EmulatedNodeSpec[],
    readonly clock: EmulatorClock,
    private readonly faults: KubeFaults,
    readonly logger: EmulatorLogger | undefined,
    network: EmulatedNetwork,
    readonly vpc: CloudNetwork | undefined = undefined,
  ) {
    this.timers = new TimerGroup(clock);
    this.store = new ObjectStore(clock, () => this.requestReconcile());
    this.kubelets = new Kubelets(this);
    this.services = new ServiceController(this);
    this.volumes = new VolumeController(this);
    this.forwarders = new LoadBalancerForwarders(this);
    for (const ns of SYSTEM_NAMESPACES) {
      this.store.create(
        R.namespaces,
        admitObject(this.store, R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }),
      );
    }
    createClusterFixtures(this.store, network);
    this.addNodes(nodes);
  }

  /** Nodes joining the cluster (at creation, or when a node pool scales out). */
  addNodes(nodes: readonly EmulatedNodeSpec[]): void {
    for (const spec of nodes) {
      if (this.nodeSpecs.has(spec.name)) throw new Error(`duplicate node name ${spec.name} in cluster ${this.clusterId}`);
      const index = this.nodeSpecs.size;
      this.nodeSpecs.set(spec.name, spec);
      this.store.create(R.nodes, buildNode(this.clusterId, spec, index, this.store.timestamp()));
    }
  }

  /**
   * Nodes leaving (a node pool scaled in, drained first): their pods are deleted, for their
   * controllers to place again where there is room, then the nodes are gone.
   */
  removeNodes(names: readonly string[]): void {
    const leaving = new Set(names);
    for (const { obj } of this.store.entries()) {
      const nodeName = (obj['spec'] as { nodeName?: unknown } | undefined)?.nodeName;
      if (obj.kind !== 'Pod' || typeof nodeName !== 'string' || !leaving.has(nodeName)) continue;
      if (this.store.find(R.pods, obj.metadata.namespace, obj.metadata.name)) {
        this.deleteCascade(R.pods, obj.metadata.namespace, obj.metadata.name, false);
      }
    }
    for (const name of leaving) {
      if (this.nodeSpecs.delete(name)) this.store.delete(R.nodes, undefined, name);
    }
  }

  imagePullFails(image: string): boolean {
    return this.faults.images.some((pattern) => {
      pattern.lastIndex = 0;
      return pattern.test(image);
    });
  }

  loadBalancerFault(): string | undefined {
    return this.faults.loadBalancer;
  }

  setNodeReady(nodeName: string, ready: boolean): void {
    const at = this.store.timestamp();
    const updated = this.store.mutate(R.nodes, undefined, nodeName, (node) => {
      (node['status'] as Record<string, unknown>)['conditions'] = nodeConditions(ready, at);
      const spec = node['spec'] as Record<string, unknown>;
      if (ready) delete spec['taints'];
      else spec['taints'] = [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule', timeAdded: at }];
    });
    if (!updated) throw new Error(`cluster ${this.clusterId} has no node ${nodeName}`);
  }

  /**
   * Deletes an object and, unless orphaning, everything it controls (background cascading deletion
   * done at once, so a client listing pods right after deleting a Deployment sees them gone).
   */
  deleteCascade(type: ResourceType, namespace: string | undefined, name: string, orphan: boolean): KubeObject {
    const deleted = this.store.delete(type, namespace, name);
    if (type.kind === 'Namespace') {
      for (const { obj } of this.store.entries()) {
        const objType = resourceByKind(obj.kind);
        if (obj.metadata.namespace === name && this.store.find(objType, name, obj.metadata.name)) {
          this.store.delete(objType, name, obj.metadata.name);
        }
      }
    } else if (!orphan) this.deleteDependents(deleted.metadata.uid);
    return deleted;
  }

  close(): void {
    this.closed = true;
    this.timers.cancelAll();
    this.processes.closeAll();
    this.forwarders.close();
    this.pending?.cancel();
  }

  private deleteDependents(uid: string | undefined): void {
    if (!uid) return;
    for (const { obj } of this.store.entries()) {
      const objType = resourceByKind(obj.kind);
      const stillThere = this.store.find(objType, obj.metadata.namespace, obj.metadata.name)?.metadata.uid === obj.metadata.uid;
      if (stillThere && (obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid)) {
        this.deleteCascade(objType, obj.metadata.namespace, obj.metadata.name, false);
      }
    }
  }

  private requestReconcile(): void {
    if (this.pending || this.closed) return;
    const run = () => {
      this.pending = undefined;
      this.reconcile();
    };
    // Under a burst of writes, one reconcile a few ms after the last serves them all, as an
    // informer-fed controller batches; a lone write is reconciled at once.
    const wait = this.reconciledAt + RECONCILE_GAP_MS - performance.now();
    if (wait > 0) {
      const timer = setTimeout(run, wait);
      this.pending = { cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(run);
      this.pending = { cancel: () => clearImmediate(immediate) };
    }
  }

  private reconcile(): void {
    if (this.closed) return;
    try {
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        const before = this.store.resourceVersion;
        this.collectGarbage();
        syncDeployments(this);
        syncReplicaSets(this);
        this.volumes.sync();
        schedulePods(this);
        this.kubelets.startNew();
        this.kubelets.recheckBlocked();
        this.services.sync();
        if (this.store.resourceVersion === before) {
          this.processes.reap(this.store.uids(R.pods));
          return;
        }
      }
      this.logger?.warn({ clusterId: this.clusterId }, 'kube emulator controllers did not converge');
    } catch (error) {
      this.logger?.warn({ clusterId: this.clusterId, err: error }, 'kube emulator reconcile failed');
    } finally {
      this.reconciledAt = performance.now();
      // Changes made during the passes re-armed the loop; that run is redundant.
      this.pending?.cancel();
      this.pending = undefined;
    }
  }

  /** Pods and ReplicaSets whose controlling owner no longer exists are removed, as the GC does. */
  private collectGarbage(): void {
    const orphaned = (obj: Readonly<KubeObject>) => {
      const owner = (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
      return owner !== undefined && !this.store.hasUid(owner.uid);
    };
    for (const type of [R.pods, R.replicasets]) {
      for (const obj of this.store.list(type, undefined, orphaned))
        this.store.delete(type, obj.metadata.namespace, obj.metadata.name);
    }
  }
}
