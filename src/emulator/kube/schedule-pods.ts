import type { ClusterContext } from './cluster-context.js';
import { MAX_PODS_PER_NODE } from './build-node.js';
import { parseQuantity } from './parse-quantity.js';
import { GPU_RESOURCE, podNodeName, podPhase, podRequests, type PodRequests } from './pod-resources.js';
import { checkPodVolumes } from './check-pod-volumes.js';
import { recordEvent } from './record-event.js';
import { SELECTED_NODE } from './sync-volumes.js';
import { R } from './resources.js';
import type { KubeObject } from './types.js';

const SCHEDULER = { component: 'default-scheduler' };

interface NodeRoom {
  node: KubeObject;
  name: string;
  ready: boolean;
  free: PodRequests;
  freePods: number;
}

/**
 * The default scheduler, reduced to what gpubot meets: readiness, nodeSelector, and fit of
 * `nvidia.com/gpu`, cpu, memory and pod count. Unschedulable pods get the real scheduler's
 * condition and FailedScheduling event wording. Returns the pods it bound, for the kubelet.
 */
export function schedulePods(ctx: ClusterContext): KubeObject[] {
  const { store } = ctx;
  // Read in place (view): the scheduler writes back through the store, never into these.
  const pods = store.view(R.pods);
  const rooms = store.view(R.nodes).map(nodeRoom);
  for (const pod of pods) {
    const nodeName = podNodeName(pod);
    const phase = podPhase(pod);
    const room = rooms.find((r) => r.name === nodeName);
    if (!room || phase === 'Succeeded' || phase === 'Failed') continue;
    charge(room, podRequests(pod));
  }
  const bound: KubeObject[] = [];
  for (const pod of pods) {
    if (podNodeName(pod) || pod.metadata.deletionTimestamp) continue;
    const volumes = checkPodVolumes(store, pod);
    if (volumes.blocker) {
      markUnschedulable(ctx, pod, volumes.blocker);
      continue;
    }
    if (volumes.waiting) continue; // its disk is being created in the zone of the node picked for it
    const need = podRequests(pod);
    const reasons = new Map<string, number>();
    const fits: NodeRoom[] = [];
    for (const room of rooms) {
      const zone = room.node.metadata.labels?.['topology.kubernetes.io/zone'];
      const why =
        volumes.zone && zone !== volumes.zone ? ['node(s) had volume node affinity conflict'] : unfitReasons(room, pod, need);
      if (why.length === 0) fits.push(room);
      for (const reason of why) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    // LeastAllocated spirit: spread onto the node with the most free GPUs, then the most free cpu.
    fits.sort((a, b) => b.free.gpu - a.free.gpu || b.free.cpu - a.free.cpu || a.name.localeCompare(b.name));
    const target = fits[0];
    if (target && volumes.toProvision.length > 0) {
      // Like the scheduler's VolumeBinding plugin: pick the node, let the disk be made in its zone, bind later.
      for (const claim of volumes.toProvision) {
        store.mutate(R.claims, claim.metadata.namespace, claim.metadata.name, (c) => {
          c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [SELECTED_NODE]: target.name };
        });
      }
    } else if (target) {
      charge(target, need);
      const updated = bind(ctx, pod, target.name);
      if (updated) bound.push(updated);
    } else {
      markUnschedulable(ctx, pod, unschedulableMessage(rooms.length, reasons));
    }
  }
  return bound;
}

function nodeRoom(node: KubeObject): NodeRoom {
  const status = node['status'] as { allocatable?: Record<string, string>; conditions?: { type: string; status: string }[] };
  const allocatable = status.allocatable ?? {};
  return {
    node,
    name: node.metadata.name,
    ready: (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    free: {
      gpu: parseQuantity(allocatable[GPU_RESOURCE] ?? '0'),
      cpu: parseQuantity(allocatable['cpu'] ?? '0'),
      memory: parseQuantity(allocatable['memory'] ?? '0'),
    },
    freePods: parseQuantity(allocatable['pods'] ?? String(MAX_PODS_PER_NODE)),
  };
}

function charge(room: NodeRoom, need: PodRequests): void {
  room.free.gpu -= need.gpu;
  room.free.cpu -= need.cpu;
  room.free.memory -= need.memory;
  room.freePods -= 1;
}

function unfitReasons(room: NodeRoom, pod: KubeObject, need: PodRequests): string[] {
  if (!room.ready) return ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'];
  const selector = (pod['spec'] as { nodeSelector?: Record<string, string> } | undefined)?.nodeSelector ?? {};
  const labels = room.node.metadata.labels ?? {};
  if (Object.entries(selector).some(([k, v]) => labels[k] !== v)) return ["node(s) didn't match Pod's node affinity/selector"];
  const out: string[] = [];
  if (need.cpu > room.free.cpu + 1e-9) out.push('Insufficient cpu');
  if (need.memory > room.free.memory) out.push('Insufficient memory');
  if (need.gpu > room.free.gpu) out.push(`Insufficient ${GPU_RESOURCE}`);
  if (room.freePods < 1) out.push('Too many pods');
  return out;
}

/** `0/2 nodes are available: 2 Insufficient nvidia.com/gpu.` (reasons sorted, as the scheduler does). */
export function unschedulableMessage(nodeCount: number, reasons: Map<string, number>): string {
  if (nodeCount === 0) return 'no nodes available to schedule pods';
  const parts = [...reasons.entries()].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${nodeCount} nodes are available: ${parts.join(', ')}.`;
}

function bind(ctx: ClusterContext, pod: KubeObject, nodeName: string): KubeObject | undefined {
  const now = ctx.store.timestamp();
  const updated = ctx.store.mutate(R.pods, pod.metadata.namespace, pod.metadata.name, (p) => {
    (p['spec'] as Record<string, unknown>)['nodeName'] = nodeName;
    const status = (p['status'] ??= {}) as Record<string, unknown>;
    status['conditions'] = [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }];
  });
  if (!updated) return undefined;
  recordEvent(
    ctx.store,
    updated,
    'Normal',
    'Scheduled',
    `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
    SCHEDULER,
  );
  return updated;
}

function markUnschedulable(ctx: ClusterContext, pod: KubeObject, message: string): void {
  const status = (pod['status'] ?? {}) as { conditions?: { type: string; message?: string }[] };
  const current = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
  // Only a new verdict is news: re-recording an unchanged one would loop the reconciler forever.
  if (current?.message === message) return;
  const now = ctx.store.timestamp();
  const updated = ctx.store.mutate(R.pods, pod.metadata.namespace, pod.metadata.name, (p) => {
    const s = (p['status'] ??= {}) as Record<string, unknown>;
    s['phase'] = 'Pending';
    s['conditions'] = [
      { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'Unschedulable', message },
    ];
  });
  if (updated) recordEvent(ctx.store, updated, 'Warning', 'FailedScheduling', message, SCHEDULER);
}
