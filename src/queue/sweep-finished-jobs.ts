import type { Queue } from 'bullmq';
import type { Logger } from '../log.js';
import type { Retention } from './retention.js';

/** At most this many jobs per queue and state per sweep, so one sweep never blocks Redis for long. */
const BATCH = 1000;

/**
 * BullMQ removes finished jobs past their age only when another job of the same queue finishes
 * the same way (a failed job waits for the next failure). A quiet queue would keep them for ever:
 * this sweep removes them on a timer, so retention holds even when nothing else happens.
 */
export function sweepFinishedJobs(queues: () => readonly Queue[], retention: Retention, log: Logger): { stop(): void } {
  const everyMs = Math.min(10 * 60_000, Math.max(1000, Math.floor(retention.completedMs / 2)));
  const sweep = async () => {
    for (const queue of queues()) {
      await queue.clean(retention.completedMs, BATCH, 'completed');
      await queue.clean(retention.failedMs, BATCH, 'failed');
    }
  };
  const timer = setInterval(() => {
    sweep().catch((error: unknown) =>
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'sweeping finished jobs failed'),
    );
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
