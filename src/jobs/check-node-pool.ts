import type { CloudProvider, ClusterRef, NodePool, TaskInfo } from '../cloud/port.js';
import { text, type Text } from '../i18n/text.js';
import { failed, pending, ready, type WaitDecision } from './wait-decision.js';

export interface NodePoolIds {
  readonly nodepoolId: string;
  readonly taskId?: string;
}

export type NodePoolLookDeps = { readonly cloud: Pick<CloudProvider, 'describeNodePool' | 'describeTask'> };

/** The reason, and the advice that fits what the failure means (stock, quota, balance). */
function poolFailure(nodepoolId: string, why: string, advice: string): Text {
  return text('cluster.error.creationFailed', { reason: `node pool ${nodepoolId}: ${why}`.slice(0, 300), advice, logs: '' });
}

function taskFailure(ids: NodePoolIds, task: TaskInfo): WaitDecision<NodePool> {
  const why = task.error ? `${task.error.code}: ${task.error.message}` : `task ${task.taskId} failed`;
  // The advice table is keyed like the adapter's error codes: `cloud.<failure>`.
  return failed('nodepool.failed', poolFailure(ids.nodepoolId, why, task.error ? `cloud.${task.error.failure}` : ''));
}

/**
 * One look at a node pool being created, in as few calls as possible: DescribeClusterNodePoolDetail
 * says `status.state` and the node counts; ready once `active` with every node healthy. The pool's
 * task is asked only when something went wrong (a failed pool, or an active one short of nodes),
 * for the cloud's reason (stock, quota, balance).
 */
export async function checkNodePool(
  deps: NodePoolLookDeps,
  cluster: ClusterRef,
  ids: NodePoolIds,
): Promise<WaitDecision<NodePool>> {
  const pool = await deps.cloud.describeNodePool(cluster, ids.nodepoolId);
  if (!pool) return failed('nodepool.vanished', text('cluster.error.nodePoolVanished', { nodepoolId: ids.nodepoolId }));
  if (pool.state === 'active' && pool.healthyNodes >= pool.desiredSize) return ready(pool);
  const suspicious = pool.state === 'failed' || (pool.state === 'active' && pool.failedNodes > 0);
  if (suspicious) {
    const task = ids.taskId ? await deps.cloud.describeTask(cluster.regionId, ids.taskId) : undefined;
    if (task?.state === 'failed') return taskFailure(ids, task);
    if (pool.state === 'failed' || task === undefined || task.state === 'success') {
      return failed('nodepool.failed', poolFailure(ids.nodepoolId, `state ${pool.state}, ${pool.failedNodes} nodes failed`, ''));
    }
  }
  const facts = { state: pool.state, healthy: pool.healthyNodes, desired: pool.desiredSize };
  return pending(text('cluster.nodepool.state', facts), JSON.stringify([pool.state, pool.healthyNodes]));
}
