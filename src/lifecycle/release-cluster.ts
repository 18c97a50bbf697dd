import { SYSTEM_ACTOR } from '../audit/audit-event.js';
import type { ClusterLifecycleDeps } from './cluster-lifecycle-deps.js';
import type { ClusterRecord } from './cluster-records.js';

/**
 * Someone took gpubot's tags off a cluster it tracked: the cluster is no longer gpubot's, so its
 * expiry is dropped (not carried out) and nothing more is done to it.
 */
export async function releaseCluster(
  record: ClusterRecord,
  deps: Pick<ClusterLifecycleDeps, 'records' | 'schedule' | 'audit' | 'log'>,
): Promise<void> {
  await deps.schedule.cancel(record.clusterId);
  await deps.records.forget(record.clusterId);
  await deps.audit.record(
    {
      action: 'lifecycle.released',
      actor: SYSTEM_ACTOR,
      platform: record.requester.platform,
      target: record.name,
      summary: record.clusterId,
      reason: 'not_managed',
    },
    { once: `lifecycle-released-${record.clusterId}` },
  );
  deps.log.warn({ clusterId: record.clusterId }, 'cluster lost its gpubot tags: its expiry is dropped, the cluster left alone');
}
