import type { ClusterRef, NodePool } from '../cloud/port.js';
import { text, type Text } from '../i18n/text.js';
import { failed, pending, ready, type WaitDecision } from './wait-decision.js';
import type { JobDeps } from './job-context.js';

export interface NodePoolIds {
  readonly nodepoolId: string;
  readonly taskId?: string;
}

/** The reason, and the advice that fits what the failure means (stock, quota, balance). */
function poolFailure(nodepoolId: string, why: string, advice: string): Text {
  return text('cluster.error.creationFailed', { reason: `node pool ${nodepoolId}: ${why}`.slice(0, 300), advice, logs: '' });
}

/**
 * One look at a node pool being created: ready once its task succeeded and
 * DescribeClusterNodePoolDetail says `status.state == "active"`; failed when the task failed
 * (stock, quota, balance: the task's error says which) or the pool did; otherwise pending, with
 * the task's stage or the pool's state and node counts to show.
 */
export async function checkNodePool(deps: JobDeps, cluster: ClusterRef, ids: NodePoolIds): Promise<WaitDecision<NodePool>> {
  const [task, pool] = await Promise.all([
    ids.taskId ? deps.cloud.describeTask(cluster.regionId, ids.taskId) : Promise.resolve(undefined),
    deps.cloud.describeNodePool(cluster, ids.nodepoolId),
  ]);
  if (task?.state === 'failed') {
    const why = task.error ? `${task.error.code}: ${task.error.message}` : `task ${task.taskId} failed`;
    // The advice table is keyed like the adapter's error codes: `cloud.<failure>`.
    return failed('nodepool.failed', poolFailure(ids.nodepoolId, why, task.error ? `cloud.${task.error.failure}` : ''));
  }
  if (!pool) return failed('nodepool.vanished', text('cluster.error.nodePoolVanished', { nodepoolId: ids.nodepoolId }));
  if (pool.state === 'failed') {
    return failed('nodepool.failed', poolFailure(ids.nodepoolId, `state failed, ${pool.failedNodes} nodes failed`, ''));
  }
  if (pool.state === 'active' && (task === undefined || task.state === 'success')) return ready(pool);
  const stage = task?.currentStage;
  const facts = { state: pool.state, healthy: pool.healthyNodes, desired: pool.desiredSize };
  const detail = stage ? text('cluster.nodepool.stage', { ...facts, stage }) : text('cluster.nodepool.state', facts);
  return pending(detail, JSON.stringify([stage, pool.state, pool.healthyNodes]));
}
