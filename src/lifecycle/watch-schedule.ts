import type { Queue } from 'bullmq';
import type { Retention } from '../queue/retention.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import { lifecycleJobOptions, type LifecycleJob } from './lifecycle-jobs.js';

/**
 * One delayed job per watched thing (a notebook, a cluster) that looks at it when something could
 * next be due. Every run reads the records and the thing afresh, so a job that runs early only
 * waits again, and moving it never has to land.
 */
export interface WatchSchedule {
  /** The job of `key` runs at lifecycle time `at` (sooner or later than it was due); added when there is none. */
  lookAt(key: string, at: number): Promise<void>;
  /** A job is pending for `key`, due at `at` if one has to be added (a pending one is left as it is). */
  ensure(key: string, at: number): Promise<void>;
  cancel(key: string): Promise<void>;
}

export function createWatchSchedule(
  queue: Queue,
  clock: LifecycleClock,
  retention: Retention,
  job: (key: string) => { readonly jobId: string; readonly data: LifecycleJob },
): WatchSchedule {
  const options = lifecycleJobOptions(retention);
  return {
    async lookAt(key, at) {
      const { jobId, data } = job(key);
      const delay = clock.realDelayUntil(at);
      const pending = await queue.getJob(jobId);
      const state = pending ? await pending.getState() : 'unknown';
      if (state === 'delayed') {
        await pending?.changeDelay(delay).catch(() => undefined);
        return;
      }
      // Waiting or running: it reads the records when it runs, and waits again as long as it must.
      if (state !== 'failed' && state !== 'completed' && state !== 'unknown') return;
      await pending?.remove();
      await queue.add(data.kind, data, { ...options, jobId, delay });
    },
    async ensure(key, at) {
      const { jobId, data } = job(key);
      const pending = await queue.getJob(jobId);
      const state = pending ? await pending.getState() : 'unknown';
      if (state !== 'failed' && state !== 'completed' && state !== 'unknown') return;
      await pending?.remove();
      await queue.add(data.kind, data, { ...options, jobId, delay: clock.realDelayUntil(at) });
    },
    async cancel(key) {
      const pending = await queue.getJob(job(key).jobId);
      if (pending && (await pending.isDelayed())) await pending.remove().catch(() => undefined);
    },
  };
}
