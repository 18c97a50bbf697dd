import type { ClusterContext } from './cluster-context.js';
import { containerConfigError } from './check-container-config.js';
import { attachError, nonRootError } from './check-pod-security.js';
import { launchContainers, type LaunchedContainer } from './launch-containers.js';
import { runProbe } from './probe-container.js';
import { podContainers, type ContainerSpec } from './pod-resources.js';
import { recordEvent } from './record-event.js';
import { R } from './resources.js';
import type { KubeObject } from './types.js';

/** Big ML images (TensorFlow GPU is ~3 GB) take about a minute to pull on a fresh node; small ones seconds. */
const HEAVY_IMAGE = /tensorflow|pytorch|torch|cuda|nvidia|jupyter|notebook|gpu/i;
export function pullSeconds(image: string): number {
  return HEAVY_IMAGE.test(image) ? 60 : 5;
}

interface PodId {
  namespace: string;
  name: string;
  uid: string;
  node: string;
}

type ContainerState = Record<string, Record<string, unknown>>;

/**
 * The kubelets of all nodes of a cluster: sandbox, image pulls (cached per node), config checks,
 * container start, and the status and Events each step writes, on the emulated clock.
 */
export class Kubelets {
  private readonly pulled = new Map<string, Set<string>>();
  private readonly blocked = new Map<string, PodId>();
  private readonly ipCounters = new Map<string, number>();

  constructor(private readonly ctx: ClusterContext) {}

  /** Starts every pod bound to a node (by the scheduler or by its creator) that its kubelet has not started yet. */
  startNew(): void {
    const unstarted = (pod: Readonly<KubeObject>) =>
      Boolean((pod['spec'] as { nodeName?: string }).nodeName) &&
      !(pod['status'] as { startTime?: string } | undefined)?.startTime &&
      !pod.metadata.deletionTimestamp;
    for (const pod of this.ctx.store.list(R.pods, undefined, unstarted)) this.start(pod);
  }

  /** Starts a freshly bound pod. */
  private start(pod: KubeObject): void {
    const node = (pod['spec'] as { nodeName: string }).nodeName;
    const id: PodId = {
      namespace: pod.metadata.namespace ?? 'default',
      name: pod.metadata.name,
      uid: pod.metadata.uid ?? '',
      node,
    };
    const now = this.ctx.store.timestamp();
    const containers = podContainers(pod);
    const names = containers.map((c) => c.name).join(' ');
    this.update(id, (p) => {
      const status = p['status'] as Record<string, unknown>;
      const hostIP = this.hostIp(node);
      const podIP = this.allocatePodIp(node);
      Object.assign(status, {
        phase: 'Pending',
        hostIP,
        hostIPs: [{ ip: hostIP }],
        podIP,
        podIPs: [{ ip: podIP }],
        startTime: now,
        conditions: [
          condition('PodReadyToStartContainers', 'True', now),
          condition('Initialized', 'True', now),
          condition('Ready', 'False', now, 'ContainersNotReady', `containers with unready status: [${names}]`),
          condition('ContainersReady', 'False', now, 'ContainersNotReady', `containers with unready status: [${names}]`),
          condition('PodScheduled', 'True', now),
        ],
        containerStatuses: containers.map((c) => containerStatus(c, { waiting: { reason: 'ContainerCreating' } }, false)),
      });
    });
    const attach = attachError(this.ctx.store, pod, node);
    if (attach) {
      // The disk is not attachable here; the pod stays ContainerCreating, as on a real node.
      const waiting = this.setWaiting(id, containers[0]?.name ?? '', 'ContainerCreating', attach);
      if (waiting)
        recordEvent(this.ctx.store, waiting, 'Warning', 'FailedAttachVolume', attach, { component: 'attachdetach-controller' });
      return;
    }
    this.ctx.timers.after(1000, () => this.pull(id, 0, 0));
  }

  /** Retries pods stuck on CreateContainerConfigError, e.g. after the missing Secret was created. */
  recheckBlocked(): void {
    for (const [key, id] of this.blocked) {
      const pod = this.ctx.store.find(R.pods, id.namespace, id.name);
      if (!pod || pod.metadata.uid !== id.uid) {
        this.blocked.delete(key);
        continue;
      }
      if (podContainers(pod).every((c) => !containerConfigError(this.ctx.store, id.namespace, c) && !nonRootError(pod, c))) {
        this.blocked.delete(key);
        this.startContainers(id);
      }
    }
  }

  /** The node's InternalIP as buildNode assigned it. */
  private hostIp(nodeName: string): string {
    const node = this.ctx.store.find(R.nodes, undefined, nodeName);
    const addresses = (node?.['status'] as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? [];
    return addresses.find((a) => a.type === 'InternalIP')?.address ?? '192.168.0.2';
  }

  private allocatePodIp(nodeName: string): string {
    const node = this.ctx.store.find(R.nodes, undefined, nodeName);
    const cidr = (node?.['spec'] as { podCIDR?: string } | undefined)?.podCIDR ?? '172.20.0.0/24';
    const next = (this.ipCounters.get(nodeName) ?? 1) + 1;
    this.ipCounters.set(nodeName, next > 250 ? 2 : next);
    return cidr.replace(/\.0\/24$/, `.${next}`);
  }

  private pull(id: PodId, index: number, attempt: number): void {
    const pod = this.current(id);
    if (!pod) return;
    const container = podContainers(pod)[index];
    if (!container) {
      this.startContainers(id);
      return;
    }
    const image = container.image ?? '';
    const cache = this.pulled.get(id.node) ?? new Set<string>();
    this.pulled.set(id.node, cache);
    if (cache.has(image) && !this.ctx.imagePullFails(image)) {
      this.event(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, container);
      this.pull(id, index + 1, 0);
      return;
    }
    this.event(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, container);
    const failing = this.ctx.imagePullFails(image);
    const seconds = failing ? 3 : pullSeconds(image);
    this.ctx.timers.after(seconds * 1000, () => {
      const now = this.current(id);
      if (!now) return;
      if (failing) {
        this.failPull(id, index, attempt, container);
        return;
      }
      cache.add(image);
      const took = formatDuration(seconds);
      this.event(
        now,
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${seconds * 52_428_800} bytes.`,
        container,
      );
      this.pull(id, index + 1, 0);
    });
  }

  private failPull(id: PodId, index: number, attempt: number, container: ContainerSpec): void {
    const image = container.image ?? '';
    const why =
      `failed to pull and unpack image "${image}": failed to resolve reference "${image}": ` +
      'pull access denied, repository does not exist or may require authorization';
    const pod = this.setWaiting(id, container.name, 'ErrImagePull', why);
    if (!pod) return;
    this.event(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${why}`, container);
    this.event(pod, 'Warning', 'Failed', 'Error: ErrImagePull', container);
    this.ctx.timers.after(10_000, () => {
      const backOff = `Back-off pulling image "${image}"`;
      const waiting = this.setWaiting(id, container.name, 'ImagePullBackOff', backOff);
      if (!waiting) return;
      this.event(waiting, 'Normal', 'BackOff', backOff, container);
      this.event(waiting, 'Warning', 'Failed', 'Error: ImagePullBackOff', container);
      // The kubelet keeps retrying with exponential back-off capped at five minutes.
      this.ctx.timers.after(Math.min(10 * 2 ** (attempt + 1), 300) * 1000, () => this.pull(id, index, attempt + 1));
    });
  }

  private startContainers(id: PodId): void {
    const pod = this.current(id);
    if (!pod) return;
    const containers = podContainers(pod);
    for (const container of containers) {
      const error = containerConfigError(this.ctx.store, id.namespace, container) ?? nonRootError(pod, container);
      if (error) {
        const waiting = this.setWaiting(id, container.name, 'CreateContainerConfigError', error);
        if (waiting) this.event(waiting, 'Warning', 'Failed', `Error: ${error}`, container);
        this.blocked.set(`${id.namespace}/${id.name}/${id.uid}`, id);
        return;
      }
    }
    for (const container of containers) {
      this.event(pod, 'Normal', 'Created', `Created container: ${container.name}`, container);
      this.event(pod, 'Normal', 'Started', `Started container ${container.name}`, container);
    }
    const now = this.ctx.store.timestamp();
    const launched = launchContainers(this.ctx, this.ctx.processes, pod);
    const ready = new Set(launched.filter((c) => !c.crashed && !c.readiness).map((c) => c.name));
    this.update(id, (p) => {
      const status = p['status'] as Record<string, unknown>;
      status['phase'] = 'Running';
      status['containerStatuses'] = podContainers(p).map((c) => {
        const crashed = launched.find((l) => l.name === c.name)?.crashed;
        if (!crashed) return containerStatus(c, { running: { startedAt: now } }, ready.has(c.name), true);
        return {
          ...containerStatus(
            c,
            { waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=${c.name}` } },
            false,
          ),
          restartCount: 1,
          lastState: {
            terminated: {
              exitCode: crashed.exitCode,
              reason: 'Error',
              message: crashed.message,
              startedAt: now,
              finishedAt: now,
            },
          },
        };
      });
    });
    for (const container of launched) {
      const spec = containers.find((c) => c.name === container.name);
      if (container.crashed && spec)
        this.event(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${container.name} in pod ${id.name}`, spec);
      if (container.readiness) this.probe(id, container);
    }
    this.markReady(id, ready);
  }

  /** Runs the readiness probe every periodSeconds until it passes. */
  private probe(id: PodId, container: LaunchedContainer): void {
    const readiness = container.readiness;
    if (!readiness) return;
    const { probe, port } = readiness;
    const again = (delaySeconds: number) =>
      this.ctx.timers.after(delaySeconds * 1000, () => {
        const pod = this.current(id);
        if (!pod) return;
        void runProbe(probe, this.ctx.processes.lookup(id.uid, port)).then((failure) => {
          const now = this.current(id);
          if (!now) return;
          if (failure === undefined) {
            this.markReady(id, new Set([container.name]));
            return;
          }
          const spec = podContainers(now).find((c) => c.name === container.name);
          if (spec) this.event(now, 'Warning', 'Unhealthy', `Readiness probe failed: ${failure}`, spec);
          again(probe.periodSeconds ?? 10);
        });
      });
    again(probe.initialDelaySeconds ?? 0);
  }

  /** Marks containers ready; the pod is Ready once all of them are. */
  private markReady(id: PodId, names: ReadonlySet<string>): void {
    const now = this.ctx.store.timestamp();
    this.update(id, (p) => {
      const status = p['status'] as Record<string, unknown>;
      const statuses = (status['containerStatuses'] ?? []) as Record<string, unknown>[];
      for (const s of statuses) if (names.has(String(s['name']))) s['ready'] = true;
      const all = statuses.length > 0 && statuses.every((s) => s['ready'] === true);
      status['conditions'] = ((status['conditions'] ?? []) as Record<string, unknown>[]).map((c) =>
        (c['type'] === 'Ready' || c['type'] === 'ContainersReady') && all && c['status'] !== 'True'
          ? condition(String(c['type']), 'True', now)
          : c,
      );
    });
  }

  private setWaiting(id: PodId, containerName: string, reason: string, message: string): KubeObject | undefined {
    return this.update(id, (p) => {
      const statuses = ((p['status'] as Record<string, unknown>)['containerStatuses'] ?? []) as Record<string, unknown>[];
      for (const s of statuses) if (s['name'] === containerName) s['state'] = { waiting: { reason, message } };
    });
  }

  private current(id: PodId): KubeObject | undefined {
    const pod = this.ctx.store.find(R.pods, id.namespace, id.name);
    return pod && pod.metadata.uid === id.uid ? pod : undefined;
  }

  private update(id: PodId, change: (pod: KubeObject) => void): KubeObject | undefined {
    if (!this.current(id)) return undefined;
    return this.ctx.store.mutate(R.pods, id.namespace, id.name, change);
  }

  private event(pod: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, container: ContainerSpec): void {
    const node = (pod['spec'] as { nodeName?: string }).nodeName;
    recordEvent(
      this.ctx.store,
      pod,
      type,
      reason,
      message,
      { component: 'kubelet', ...(node ? { host: node } : {}) },
      `spec.containers{${container.name}}`,
    );
  }
}

function condition(type: string, status: string, at: string, reason?: string, message?: string): Record<string, unknown> {
  return {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: at,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

function containerStatus(c: ContainerSpec, state: ContainerState, ready: boolean, started = ready): Record<string, unknown> {
  const image = c.image ?? '';
  return {
    name: c.name,
    image,
    imageID: started ? `${image.split(':')[0] ?? image}@sha256:${'0'.repeat(64)}` : '',
    ...(started ? { containerID: `containerd://${Buffer.from(c.name).toString('hex').padEnd(64, '0').slice(0, 64)}` } : {}),
    ready,
    started,
    restartCount: 0,
    state,
    lastState: {},
  };
}

/** Go's time.Duration spelling, which the kubelet's messages use: `5s`, `1m0s`. */
function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m${seconds % 60}s` : `${seconds}s`;
}
