import { setTimeout as sleep } from 'node:timers/promises';
import { RetryableError } from '../errors.js';

/**
 * Thrown out of a job's wait when its worker is shutting down (SIGTERM): the job stops at that
 * safe point, with its checkpoint saved, and is handed back to the queue for another worker.
 * Retryable, so no job treats it as a failure to clean up after.
 */
export class WorkerStopping extends RetryableError {
  constructor() {
    super('worker.stopping', 'the worker is shutting down; the job continues on another worker');
  }
}

export function isWorkerStopping(error: unknown): error is WorkerStopping {
  return error instanceof WorkerStopping;
}

/** The jobs' `sleep`: waits, unless the worker is stopping, then throws WorkerStopping at once. */
export function stoppableSleep(stopping: AbortSignal): (ms: number) => Promise<void> {
  return async (ms) => {
    try {
      await sleep(ms, undefined, { signal: stopping });
    } catch {
      throw new WorkerStopping();
    }
  };
}
