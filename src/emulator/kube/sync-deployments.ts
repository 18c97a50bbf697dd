import type { ClusterContext } from './cluster-context.js';
import { selectorMatches } from './match-selectors.js';
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
  for (const deploy of store.view(R.deployments)) {
    const ns = deploy.metadata.namespace ?? 'default';
    const spec = deploy['spec'] as DeploymentSpec;
    const replicas = spec.replicas ?? 1;
    const hash = safeHash(spec.template ?? {});
    const owned = store.view(R.replicasets, ns, (rs) => isControlledBy(rs, deploy));
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
    writeDeploymentStatus(ctx, deploy, current.metadata.name, replicas);
  }
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

function writeDeploymentStatus(ctx: ClusterContext, deploy: KubeObject, currentRs: string, replicas: number): void {
  const ns = deploy.metadata.namespace ?? 'default';
  const selector = (deploy['spec'] as DeploymentSpec).selector;
  const pods = ctx.store.view(R.pods, ns, (p) => selectorMatches(selector, p.metadata.labels));
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

export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
}
