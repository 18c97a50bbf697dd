import type { Queue } from 'bullmq';
import { jobRetention, type Retention } from '../queue/retention.js';
import type { ClusterRecord } from './cluster-records.js';
import type { LifecycleClock } from './lifecycle-clock.js';

/** The queue of all timed lifecycle work: delayed jobs and job schedulers in Redis, never timers in a process. */
export const LIFECYCLE_QUEUE = 'lifecycle';

/** One piece of timed work. Ids only: everything else is read from the records when the job runs. */
export type LifecycleJob =
  | { readonly kind: 'cluster-expiry'; readonly clusterId: string }
  | { readonly kind: 'cluster-tags'; readonly clusterId: string }
  | { readonly kind: 'notebook-idle'; readonly name: string }
  | { readonly kind: 'cluster-idle'; readonly clusterId: string }
  | { readonly kind: 'reconcile' }
  | { readonly kind: 'owner-summary'; readonly owner: string };

/**
 * Job ids name what they are about, so adding the same work twice (two workers, a retried job)
 * makes one job. BullMQ ids may not contain `:`.
 */
export const jobIds = {
  expiry: (clusterId: string) => `expiry-${clusterId}`,
  tags: (clusterId: string, expiresAt: number) => `tags-${clusterId}-${expiresAt}`,
  notebookIdle: (name: string) => `idle-${name}`,
  clusterIdle: (clusterId: string) => `cluster-idle-${clusterId}`,
  /** An owner (`slack:U0123`) in the id's alphabet: their daily summary timer. */
  summary: (owner: string) => `summary-${Buffer.from(owner).toString('base64url')}`,
};

/**
 * Transient failures (the cloud, chat) are retried with backoff; a job is only given up after many
 * tries, and a failed one is kept for the retention (GPUBOT_FAILED_RETENTION_HOURS) to be looked
 * at. A finished one goes at once: repeats are guarded by the records, not by old job ids.
 */
export function lifecycleJobOptions(retention: Retention) {
  const { removeOnFail } = jobRetention(retention);
  return { attempts: 20, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail } as const;
}

/**
 * The next moment a cluster's expiry job has something to do: the warning, while it has not gone
 * out for the current expiry (at once when that time has passed), then the expiry itself.
 */
export function nextExpiryStep(record: Pick<ClusterRecord, 'expiresAt' | 'warnedFor'>, warnBeforeMs: number): number {
  return record.warnedFor === record.expiresAt ? record.expiresAt : record.expiresAt - warnBeforeMs;
}

/**
 * One delayed job per cluster (`expiry-<clusterId>`) walks it through its warning and its expiry.
 * Moving the expiry moves that job; a job that runs early (moved meanwhile) looks at the record
 * and waits again, so nothing depends on a move having landed.
 */
export interface ClusterSchedule {
  /** The cluster's expiry job, due at its next step (a no-op when it is already pending). */
  schedule(record: ClusterRecord): Promise<void>;
  /** The expiry moved: the pending job moves to the record's next step. */
  move(record: ClusterRecord): Promise<void>;
  /** The cluster's tags are brought up to date with its record. */
  syncTags(clusterId: string, expiresAt: number): Promise<void>;
  /** Makes sure the expiry job is pending, re-adding one that was lost or given up. */
  ensure(record: ClusterRecord): Promise<void>;
  /** Nothing is pending for the cluster any more. */
  cancel(clusterId: string): Promise<void>;
}

export function createClusterSchedule(
  queue: Queue,
  clock: LifecycleClock,
  warnBeforeMs: number,
  retention: Retention,
): ClusterSchedule {
  const options = lifecycleJobOptions(retention);
  const addExpiry = (record: ClusterRecord) =>
    queue.add(
      'cluster-expiry',
      { kind: 'cluster-expiry', clusterId: record.clusterId },
      { ...options, jobId: jobIds.expiry(record.clusterId), delay: clock.realDelayUntil(nextExpiryStep(record, warnBeforeMs)) },
    );

  return {
    async schedule(record) {
      await addExpiry(record);
    },
    async move(record) {
      const job = await queue.getJob(jobIds.expiry(record.clusterId));
      if (!job) {
        await addExpiry(record);
        return;
      }
      // Not delayed: it is running, or about to, and will find the new expiry in the record.
      if (await job.isDelayed()) {
        await job.changeDelay(clock.realDelayUntil(nextExpiryStep(record, warnBeforeMs))).catch(() => undefined);
      }
    },
    async syncTags(clusterId, expiresAt) {
      await queue.add(
        'cluster-tags',
        { kind: 'cluster-tags', clusterId },
        { ...options, jobId: jobIds.tags(clusterId, expiresAt) },
      );
    },
    async ensure(record) {
      const job = await queue.getJob(jobIds.expiry(record.clusterId));
      const state = job ? await job.getState() : 'unknown';
      if (state === 'failed' || state === 'completed' || state === 'unknown') {
        // A finished expiry job of a cluster whose record is still active was lost or given up: again.
        await job?.remove();
        await addExpiry(record);
      }
    },
    async cancel(clusterId) {
      const job = await queue.getJob(jobIds.expiry(clusterId));
      if (job && (await job.isDelayed())) await job.remove().catch(() => undefined);
    },
  };
}
