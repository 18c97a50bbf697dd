import type { Queue } from 'bullmq';
import type { Retention } from '../queue/retention.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import { jobIds, lifecycleJobOptions } from './lifecycle-jobs.js';

/**
 * One delayed job per watched notebook (`idle-<name>`) looks at its Jupyter when it could first
 * have become idle, warns, and stops it after the grace. Every run reads the record and the
 * notebook afresh, so a job that runs early only waits again.
 */
export interface NotebookSchedule {
  /** The notebook's job runs at lifecycle time `at` (sooner or later than it was due). */
  lookAt(name: string, at: number): Promise<void>;
  cancel(name: string): Promise<void>;
}

export function createNotebookSchedule(queue: Queue, clock: LifecycleClock, retention: Retention): NotebookSchedule {
  const options = lifecycleJobOptions(retention);
  return {
    async lookAt(name, at) {
      const jobId = jobIds.notebookIdle(name);
      const delay = clock.realDelayUntil(at);
      const job = await queue.getJob(jobId);
      const state = job ? await job.getState() : 'unknown';
      if (state === 'delayed') {
        await job?.changeDelay(delay).catch(() => undefined);
        return;
      }
      // Waiting or running: it reads the record when it runs, and waits again as long as it must.
      if (state !== 'failed' && state !== 'completed' && state !== 'unknown') return;
      await job?.remove();
      await queue.add('notebook-idle', { kind: 'notebook-idle', name }, { ...options, jobId, delay });
    },
    async cancel(name) {
      const job = await queue.getJob(jobIds.notebookIdle(name));
      if (job && (await job.isDelayed())) await job.remove().catch(() => undefined);
    },
  };
}
