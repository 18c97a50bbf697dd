import type { ScaleTarget } from '../commands/types.js';
import type { ChatRequest } from '../queue/request.js';
import type { Reservations } from '../reservations/reservations.js';
import { clusterNodes } from '../reservations/resources.js';
import type { ScaleDone } from '../spend/settle-scale.js';
import { createHoldId, scaleHoldId } from './hold-ids.js';
import type { Checkpoint } from './job-context.js';

export interface ScaleSettledDeps {
  readonly reservations: Pick<Reservations, 'resize' | 'release'>;
  /** gpubot's record of the cluster learns its new size (lifecycle/cluster-records.ts). */
  readonly resize?: (clusterId: string, nodes: number) => Promise<void>;
  /** The spend meter's rate and the GPU limits' holds follow (spend/settle-scale.ts). */
  readonly settle?: (request: ChatRequest, done: ScaleDone) => Promise<void>;
}

/**
 * The node pool is at its new size: everything that counts the cluster's workers follows now, not
 * when the cluster is deleted. A growth bills from when ACK accepted it (its instances are made
 * then); a shrink until its nodes were gone, i.e. now. Every step is absolute or keyed by the
 * request, so the job's re-run after a crash changes nothing more.
 */
export async function scaleSettled(
  deps: ScaleSettledDeps,
  request: ChatRequest,
  target: ScaleTarget,
  checkpoint: Checkpoint,
  nodes: number,
): Promise<void> {
  await deps.resize?.(target.clusterId, nodes);
  // The account's per-cluster node count, held by the create since before CreateCluster.
  await deps.reservations.resize(createHoldId(target.createRequestId), [
    { resource: clusterNodes(target.createRequestId), amount: nodes },
  ]);
  // What a growth held on top until now is in the create's count.
  await deps.reservations.release(scaleHoldId(request.requestId));
  const grew = nodes > target.from;
  await deps.settle?.(request, { nodes, at: grew ? (checkpoint.createdAt ?? Date.now()) : Date.now() });
}
