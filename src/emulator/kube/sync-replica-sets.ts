import type { ClusterContext } from './cluster-context.js';
import { admitObject } from './admit-object.js';
import { podNodeName } from './pod-resources.js';
import { recordEvent } from './record-event.js';
import { R } from './resources.js';
import { KubeStatusError } from './status-error.js';
import { byController, isPodReady, ownerRef } from './sync-deployments.js';
import type { KubeObject } from './types.js';

const CONTROLLER = { component: 'replicaset-controller' };

/** The ReplicaSet controller: keeps `spec.replicas` pods from the template and reports counts. */
export function syncReplicaSets(ctx: ClusterContext): void {
  const { store } = ctx;
  const podsOf = byController(store.view(R.pods));
  for (const rs of store.view(R.replicasets)) {
    const ns = rs.metadata.namespace ?? 'default';
    const want = (rs['spec'] as { replicas?: number }).replicas ?? 1;
    const pods = [...(podsOf.get(rs.metadata.uid ?? '') ?? [])];
    for (let i = pods.length; i < want; i++) {
      let pod: KubeObject;
      try {
        pod = store.create(R.pods, admitObject(store, R.pods, podFromTemplate(rs)));
      } catch (error) {
        // Refused by admission (e.g. Pod Security): said once per ReplicaSet, as the controller's event.
        if (!(error instanceof KubeStatusError)) throw error;
        const message = `Error creating: ${error.message}`;
        const said = store
          .view(R.events, ns)
          .some((e) => (e['involvedObject'] as { uid?: string }).uid === rs.metadata.uid && e['message'] === message);
        if (!said) recordEvent(store, rs, 'Warning', 'FailedCreate', message, CONTROLLER);
        break;
      }
      recordEvent(store, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, CONTROLLER);
      pods.push(pod);
    }
    const victims = new Set<KubeObject>();
    if (pods.length > want) {
      // Like the real controller, remove unscheduled and not-ready pods first.
      for (const victim of [...pods].sort((a, b) => rank(a) - rank(b)).slice(0, pods.length - want)) {
        store.delete(R.pods, ns, victim.metadata.name);
        recordEvent(store, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${victim.metadata.name}`, CONTROLLER);
        victims.add(victim);
      }
    }
    const live = pods.filter((p) => !victims.has(p));
    const ready = live.filter(isPodReady).length;
    const status: Record<string, unknown> = {
      replicas: live.length,
      fullyLabeledReplicas: live.length,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    if (ready) status['readyReplicas'] = ready;
    if (ready) status['availableReplicas'] = ready;
    store.writeStatus(R.replicasets, ns, rs.metadata.name, status);
  }
}

function rank(pod: KubeObject): number {
  if (!podNodeName(pod)) return 0;
  return isPodReady(pod) ? 2 : 1;
}

function podFromTemplate(rs: KubeObject): KubeObject {
  const template = structuredClone(
    (rs['spec'] as { template?: { metadata?: Record<string, unknown>; spec?: Record<string, unknown> } }).template ?? {},
  );
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(template.metadata ?? {}),
      name: '',
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace ?? 'default',
      ownerReferences: [ownerRef(rs)],
    },
    spec: template.spec ?? {},
  };
}
