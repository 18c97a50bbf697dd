import type { Queue } from 'bullmq';
import { expiryRequestId } from './advance-expiry.js';
import type { ClusterRecords } from './cluster-records.js';
import type { LifecycleClock } from './lifecycle-clock.js';

/**
 * Whether a cluster expiry is under way or comes due within `realMs` real milliseconds: a piped
 * demo script waits for those before it exits, so it can show a cluster expiring. An expiry
 * counts as under way from its claim until its delete job is queued (the queue's own idleness
 * covers the delete from there).
 */
export async function expiryDueWithin(
  deps: { readonly records: ClusterRecords; readonly clock: LifecycleClock; readonly commands: Queue },
  realMs: number,
): Promise<boolean> {
  for (const record of await deps.records.all()) {
    if (record.state === 'active' && deps.clock.realDelayUntil(record.expiresAt) <= realMs) return true;
    if (record.state === 'expiring' && (await deps.commands.getJobState(expiryRequestId(record.clusterId))) === 'unknown')
      return true;
  }
  return false;
}
