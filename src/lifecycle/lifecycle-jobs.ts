import type { Queue } from 'bullmq';
import type { LifecycleClock } from './lifecycle-clock.js';

/** The queue of all timed lifecycle work: delayed jobs and job schedulers in Redis, never timers in a process. */
export const LIFECYCLE_QUEUE = 'lifecycle';

/** One piece of timed work. Ids only: everything else is read from the records when the job runs. */
export type LifecycleJob =
  | { readonly kind: 'cluster-warn'; readonly clusterId: string; readonly expiresAt: number }
  | { readonly kind: 'cluster-expire'; readonly clusterId: string }
  | { readonly kind: 'cluster-tags'; readonly clusterId: string }
  | { readonly kind: 'reconcile' };

/**
 * Job ids name what they are about, so adding the same work twice (two workers, a retried job)
 * makes one job. BullMQ ids may not contain `:`.
 */
export const jobIds = {
  warn: (clusterId: string, expiresAt: number) => `warn-${clusterId}-${expiresAt}`,
  expire: (clusterId: string) => `expire-${clusterId}`,
  tags: (clusterId: string, expiresAt: number) => `tags-${clusterId}-${expiresAt}`,
};

/** Finished lifecycle jobs are kept a day (they are what makes a second add of the same id a no-op). */
const KEEP = { removeOnComplete: { age: 24 * 3600, count: 10_000 }, removeOnFail: { age: 7 * 24 * 3600, count: 10_000 } };

/** Transient failures (the cloud, chat) are retried with backoff; a job is only given up after many tries. */
export const LIFECYCLE_JOB_OPTIONS = { attempts: 20, backoff: { type: 'exponential', delay: 2000 }, ...KEEP } as const;

/** Puts cluster work on the queue at the right (lifecycle) times and moves it when an expiry moves. */
export interface ClusterSchedule {
  /** The warning and the expiry of a cluster that expires at `expiresAt`. */
  schedule(clusterId: string, expiresAt: number): Promise<void>;
  /** The expiry moved from `previous` to `expiresAt`: the pending expiry and warning move with it. */
  move(clusterId: string, previous: number, expiresAt: number): Promise<void>;
  /** The cluster's tags are brought up to date with its record. */
  syncTags(clusterId: string, expiresAt: number): Promise<void>;
  /** Makes sure the expiry is pending (re-adding one lost or given up), and the warning if it is still to come. */
  ensure(clusterId: string, expiresAt: number): Promise<void>;
  /** Nothing is pending for the cluster any more. */
  cancel(clusterId: string, expiresAt: number): Promise<void>;
}

export function createClusterSchedule(queue: Queue, clock: LifecycleClock, warnBeforeMs: number): ClusterSchedule {
  const add = (job: LifecycleJob, jobId: string, at: number) =>
    queue.add(job.kind, job, { ...LIFECYCLE_JOB_OPTIONS, jobId, delay: clock.realDelayUntil(at) });

  async function addWarning(clusterId: string, expiresAt: number, notBefore: number): Promise<void> {
    const warnAt = expiresAt - warnBeforeMs;
    // A warning already due when the expiry was set (a short ttl, a small extension) is not sent:
    // the owner was just told when the cluster expires.
    if (warnAt < notBefore) return;
    await add({ kind: 'cluster-warn', clusterId, expiresAt }, jobIds.warn(clusterId, expiresAt), warnAt);
  }

  async function removeIfPending(jobId: string): Promise<void> {
    const job = await queue.getJob(jobId);
    if (job && (await job.isDelayed())) await job.remove().catch(() => undefined);
  }

  return {
    async schedule(clusterId, expiresAt) {
      await add({ kind: 'cluster-expire', clusterId }, jobIds.expire(clusterId), expiresAt);
      // At creation a warning that is due at once is still sent: nobody has been told yet.
      await addWarning(clusterId, expiresAt, -Infinity);
    },
    async move(clusterId, previous, expiresAt) {
      const expiry = await queue.getJob(jobIds.expire(clusterId));
      if (!expiry) {
        await add({ kind: 'cluster-expire', clusterId }, jobIds.expire(clusterId), expiresAt);
      } else if (await expiry.isDelayed()) {
        // If it has just left the delayed state, it runs now, finds the later expiry in the record and waits again.
        await expiry.changeDelay(clock.realDelayUntil(expiresAt)).catch(() => undefined);
      }
      await removeIfPending(jobIds.warn(clusterId, previous));
      await addWarning(clusterId, expiresAt, clock.now());
    },
    async syncTags(clusterId, expiresAt) {
      await queue.add(
        'cluster-tags',
        { kind: 'cluster-tags', clusterId },
        { ...LIFECYCLE_JOB_OPTIONS, jobId: jobIds.tags(clusterId, expiresAt) },
      );
    },
    async ensure(clusterId, expiresAt) {
      const expiry = await queue.getJob(jobIds.expire(clusterId));
      const state = expiry ? await expiry.getState() : 'unknown';
      if (state === 'failed' || state === 'completed' || state === 'unknown') {
        // A finished expiry of a cluster whose record is still active was lost or given up: again.
        await expiry?.remove();
        await add({ kind: 'cluster-expire', clusterId }, jobIds.expire(clusterId), expiresAt);
      }
      await addWarning(clusterId, expiresAt, clock.now());
    },
    async cancel(clusterId, expiresAt) {
      await removeIfPending(jobIds.expire(clusterId));
      await removeIfPending(jobIds.warn(clusterId, expiresAt));
    },
  };
}
