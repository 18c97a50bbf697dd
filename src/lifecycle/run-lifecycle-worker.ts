import { DelayedError, Worker, type Job } from 'bullmq';
import type { Logger } from '../log.js';
import { stallCheckIntervalMs } from '../queue/lock-timing.js';
import type { QueueSettings } from '../queue/queues.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import { LIFECYCLE_QUEUE, type LifecycleJob } from './lifecycle-jobs.js';

/** "Not yet": come back at lifecycle time `at`, or after `afterMs` real milliseconds. */
export type NotYet = { readonly at: number } | { readonly afterMs: number };

/** What each kind of lifecycle job does; `NotYet` puts the job back on the queue, delayed, holding no slot. */
export type LifecycleHandlers = {
  readonly [K in LifecycleJob['kind']]: (job: Extract<LifecycleJob, { kind: K }>) => Promise<NotYet | void>;
};

export interface LifecycleWorkerOptions {
  readonly settings: QueueSettings;
  readonly handlers: LifecycleHandlers;
  readonly clock: LifecycleClock;
  readonly concurrency: number;
  readonly lockDurationMs: number;
  readonly log: Logger;
}

/**
 * Runs timed lifecycle work. Each job is taken by one worker at a time (BullMQ's lock), a job whose
 * worker died is taken over after the lock lapses, and a delayed job that came due while no worker
 * ran is run when one starts: late, never twice (every handler is idempotent), never skipped.
 */
export function runLifecycleWorker(options: LifecycleWorkerOptions): Worker<LifecycleJob> {
  const { handlers, clock, log } = options;

  async function run(job: Job<LifecycleJob>, token?: string): Promise<void> {
    const data = job.data;
    const handler = handlers[data.kind] as (job: LifecycleJob) => Promise<NotYet | void>;
    const notYet = await handler(data);
    if (!notYet) return;
    if (!token) throw new Error('a lifecycle job that waits needs its lock token');
    const delay = 'at' in notYet ? clock.realDelayUntil(notYet.at) : notYet.afterMs;
    await job.moveToDelayed(Date.now() + Math.max(1, delay), token);
    throw new DelayedError();
  }

  const worker = new Worker<LifecycleJob>(LIFECYCLE_QUEUE, run, {
    connection: options.settings.connection,
    prefix: options.settings.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    // Checked as often as the command worker's, so a dead worker's timed jobs resume as quickly.
    stalledInterval: stallCheckIntervalMs(options.lockDurationMs),
    maxStalledCount: 10,
  });
  worker.on('failed', (job, error) =>
    log.warn({ kind: job?.data.kind, jobId: job?.id, err: error.message }, 'lifecycle job failed'),
  );
  worker.on('error', (error) => log.error({ err: error.message }, 'lifecycle worker error'));
  return worker;
}
