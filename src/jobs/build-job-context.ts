import { createHash } from 'node:crypto';
import type { Job } from 'bullmq';
import type { Logger } from '../log.js';
import type { ChatRequest } from '../queue/request.js';
import type { JobAudit } from './job-audit.js';
import type { Checkpoint, JobContext } from './job-context.js';
import { nextInterval, waitFor } from './wait.js';

/** A step that failed transiently this often gives up. */
const MAX_TRIES = 5;

export interface JobContextDeps {
  readonly now: () => number;
  /** The base poll interval (GPUBOT_POLL_INTERVAL_MS). */
  readonly pollIntervalMs: number;
  readonly audit?: JobAudit;
}

/** A job's context, with its checkpoint: `saved` is what the runner writes back when the job waits or stops. */
export interface RunningContext extends JobContext {
  readonly saved: () => Checkpoint;
}

export function buildJobContext(
  job: Job<ChatRequest & { readonly checkpoint?: Checkpoint }>,
  request: ChatRequest,
  log: Logger,
  deps: JobContextDeps,
): RunningContext {
  let saved: Checkpoint = job.data.checkpoint ?? {};
  const base = deps.pollIntervalMs;
  return {
    request,
    get checkpoint() {
      return saved;
    },
    saved: () => saved,
    async save(update) {
      const before = saved;
      saved = { ...saved, ...update };
      await job.updateData({ ...request, checkpoint: saved });
      await deps.audit?.checkpointSaved(request, before, saved);
    },
    log,
    finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
    elapsed(marker) {
      const since = saved.since?.[marker];
      if (since !== undefined) return Math.max(0, deps.now() - since);
      saved = { ...saved, since: { ...saved.since, [marker]: deps.now() } };
      return 0;
    },
    pollAgain(observed, options = {}) {
      // A digest keeps job data small whatever the observation's size.
      const seen = createHash('sha256').update(observed).digest('base64url').slice(0, 16);
      const last = saved.poll;
      const intervalMs = last ? nextInterval(last.intervalMs, base, last.observed !== seen) : base;
      saved = { ...saved, poll: { intervalMs, observed: seen } };
      return waitFor(options.afterMs ?? intervalMs);
    },
    retryLater(marker, error) {
      const tries = (saved.tries?.[marker] ?? 0) + 1;
      if (tries >= MAX_TRIES) throw error;
      saved = { ...saved, tries: { ...saved.tries, [marker]: tries } };
      return waitFor(base * tries);
    },
  };
}
