import type { ClusterContext } from './cluster-context.js';
import { safeHash } from './random-names.js';
import { recordEvent } from './record-event.js';
import { R } from './resources.js';
import type { KubeObject, OwnerReference } from './types.js';

const CONTROLLER = { component: 'deployment-controller' };

interface DeploymentSpec {
  replicas?: number;
  selector?: unknown;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };
}

/**
 * The deployment controller: one ReplicaSet per pod template (named `<deploy>-<pod-template-hash>`)
 * scaled to `spec.replicas`, older ReplicaSets scaled to zero, and the Deployment's status rolled up.
 */
export function syncDeployments(ctx: ClusterContext): void {
  const { store } = ctx;
  // Indexed once per pass: looking up each Deployment's ReplicaSets and pods by scanning made a pass quadratic.
  const replicaSetsOf = byController(store.view(R.replicasets));
  const podsOf = byController(store.view(R.pods));
  for (const deploy of store.view(R.deployments)) {
    const ns = deploy.metadata.namespace ?? 'default';
    const spec = deploy['spec'] as DeploymentSpec;
    const replicas = spec.replicas ?? 1;
    const hash = templateHash(deploy);
    const owned = replicaSetsOf.get(deploy.metadata.uid ?? '') ?? [];
    let current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    if (!current) {
      current = store.create(R.replicasets, newReplicaSet(deploy, hash, replicas, owned.length + 1));
      recordEvent(
        store,
        deploy,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${current.metadata.name} from 0 to ${replicas}`,
        CONTROLLER,
      );
    }
    for (const rs of owned) {
      const want = rs.metadata.uid === current.metadata.uid ? replicas : 0;
      if ((rs['spec'] as { replicas?: number }).replicas === want) continue;
      store.mutate(R.replicasets, ns, rs.metadata.name, (r) => {
        (r['spec'] as Record<string, unknown>)['replicas'] = want;
      });
    }
    const pods = [...new Set([...owned, current])].flatMap((rs) => podsOf.get(rs.metadata.uid ?? '') ?? []);
    writeDeploymentStatus(ctx, deploy, pods, current.metadata.name, replicas);
  }
}

/** Objects by the uid of their controlling owner (a Kubernetes object has at most one). */
export function byController<T extends Readonly<KubeObject>>(objects: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const obj of objects) {
    const owner = obj.metadata.ownerReferences?.find((r) => r.controller)?.uid;
    if (!owner) continue;
    const group = out.get(owner);
    if (group) group.push(obj);
    else out.set(owner, [obj]);
  }
  return out;
}

// Stored objects are replaced on every write, never changed in place: a Deployment's template hash
// holds for as long as the same stored object does.
const templateHashes = new WeakMap<object, string>();

function templateHash(deploy: Readonly<KubeObject>): string {
  let hash = templateHashes.get(deploy);
  if (hash === undefined) {
    hash = safeHash((deploy['spec'] as DeploymentSpec).template ?? {});
    templateHashes.set(deploy, hash);
  }
  return hash;
}

function newReplicaSet(deploy: KubeObject, hash: string, replicas: number, revision: number): KubeObject {
  const spec = deploy['spec'] as DeploymentSpec;
  const template = structuredClone(spec.template ?? {});
  const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
  template.metadata = { ...(template.metadata ?? {}), labels };
  const selector = structuredClone((spec.selector ?? {}) as { matchLabels?: Record<string, string> });
  selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deploy.metadata.name}-${hash}`,
      namespace: deploy.metadata.namespace ?? 'default',
      labels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + 1),
        'deployment.kubernetes.io/revision': String(revision),
      },
      ownerReferences: [ownerRef(deploy)],
    },
    spec: { replicas, selector, template },
    status: { replicas: 0 },
  };
}

/** The status rolled up from the pods of the Deployment's ReplicaSets, as the controller counts them. */
function writeDeploymentStatus(
  ctx: ClusterContext,
  deploy: KubeObject,
  pods: readonly KubeObject[],
  currentRs: string,
  replicas: number,
): void {
  const ns = deploy.metadata.namespace ?? 'default';
  const updated = pods.filter(
    (p) => p.metadata.labels?.['pod-template-hash'] === currentRs.slice(deploy.metadata.name.length + 1),
  );
  const ready = pods.filter(isPodReady).length;
  const prior = (deploy['status'] ?? {}) as { conditions?: Record<string, unknown>[] };
  const now = ctx.store.timestamp();
  const available = ready >= replicas;
  const complete = available && updated.length === replicas && pods.length === replicas;
  const conditions = [
    keepTransition(
      prior.conditions,
      {
        type: 'Available',
        status: available ? 'True' : 'False',
        reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
      },
      now,
    ),
    keepTransition(
      prior.conditions,
      {
        type: 'Progressing',
        status: 'True',
        reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        message: complete
          ? `ReplicaSet "${currentRs}" has successfully progressed.`
          : `ReplicaSet "${currentRs}" is progressing.`,
      },
      now,
    ),
  ];
  // Zero counts are omitted, as the apiserver's omitempty does; clients must read them as `?? 0`.
  const status: Record<string, unknown> = { observedGeneration: deploy.metadata.generation ?? 1 };
  if (pods.length) status['replicas'] = pods.length;
  if (updated.length) status['updatedReplicas'] = updated.length;
  if (ready) status['readyReplicas'] = ready;
  if (ready) status['availableReplicas'] = ready;
  if (pods.length - ready > 0) status['unavailableReplicas'] = pods.length - ready;
  status['conditions'] = conditions;
  ctx.store.writeStatus(R.deployments, ns, deploy.metadata.name, status);
}

function keepTransition(
  prior: Record<string, unknown>[] | undefined,
  next: Record<string, string>,
  now: string,
): Record<string, unknown> {
  const old = (prior ?? []).find((c) => c['type'] === next['type']);
  const unchanged = old && old['status'] === next['status'] && old['reason'] === next['reason'];
  const transition = unchanged ? old['lastTransitionTime'] : now;
  const update = unchanged ? old['lastUpdateTime'] : now;
  return { ...next, lastUpdateTime: update, lastTransitionTime: transition };
}

export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function ownerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
