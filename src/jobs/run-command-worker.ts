import { createHash } from 'node:crypto';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { GpubotError } from '../errors.js';
import { text, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import { COMMANDS_QUEUE, type QueueSettings } from '../queue/queues.js';
import type { ChatRequest } from '../queue/request.js';
import type { CommandJob, Outcome } from './command-job.js';
import type { JobAudit } from './job-audit.js';
import type { JobGate } from './job-gate.js';
import type { Checkpoint, JobContext, JobDeps } from './job-context.js';
import { ProgressTracker } from './progress-tracker.js';
import { isWorkerStopping } from './worker-stopping.js';
import { isWait, nextInterval, waitFor } from './wait.js';

export type CommandJobData = ChatRequest & { readonly checkpoint?: Checkpoint };

export interface CommandWorkerOptions {
  readonly settings: QueueSettings;
  readonly deps: JobDeps;
  readonly jobs: Readonly<Record<string, CommandJob>>;
  readonly concurrency: number;
  /** How long a job stays locked to a worker without a heartbeat; a dead worker's job is retaken after it. */
  readonly lockDurationMs: number;
  /** Where cloud creates/deletes and job outcomes are recorded (job-audit.ts), and spend follows them. */
  readonly audit?: JobAudit;
  /** Asked before a job runs: a request that waits on a decision waits, or is closed (job-gate.ts). */
  readonly gate?: JobGate;
}

/** The user-facing reason for a failure; internal details stay in the log. */
function reasonFor(error: unknown): Text {
  if (error instanceof GpubotError && error.userMessage) return error.userMessage;
  return text('job.error.unexpected', { code: error instanceof GpubotError ? error.code : 'internal' });
}

async function deliver(
  deps: JobDeps,
  request: ChatRequest,
  progress: ProgressTracker,
  job: CommandJob,
  outcome: Outcome,
): Promise<void> {
  if (job.steps.length > 0) await progress.finish('succeeded', outcome.summary ?? text('job.done'));
  if (outcome.channel) await deps.notifier.toConversation(request, 'final', outcome.channel);
  if (outcome.private) await deps.notifier.toRequester(request, 'final', outcome.private, { secret: outcome.secret ?? false });
}

async function reportFailure(
  deps: JobDeps,
  request: ChatRequest,
  progress: ProgressTracker,
  job: CommandJob,
  error: unknown,
): Promise<void> {
  const reason = reasonFor(error);
  if (job.steps.length > 0) await progress.finish('failed', reason);
  await deps.notifier.toRequester(request, 'final', message('error', [reason], { title: job.title(request) }));
}

/**
 * Runs command jobs. Each job resumes from its checkpoint after a crash; transient faults are
 * retried by BullMQ with backoff; anything that cannot succeed is reported once and not retried.
 */
export function runCommandWorker(options: CommandWorkerOptions): Worker<CommandJobData> {
  const { deps, jobs } = options;

  async function runJob(job: Job<CommandJobData>, token?: string): Promise<void> {
    const { checkpoint = {}, ...request } = job.data;
    const kind = jobs[request.command.kind];
    const log = deps.log.child({ requestId: request.requestId, kind: request.command.kind, attempt: job.attemptsMade + 1 });
    if (!kind) throw new UnrecoverableError(`no job handles ${request.command.kind}`);
    const verdict = options.gate ? await options.gate(request) : undefined;
    if (verdict?.kind === 'wait') {
      if (!token) throw new Error('a waiting job needs its lock token to be re-queued');
      await job.moveToDelayed(Date.now() + verdict.afterMs, token);
      throw new DelayedError();
    }
    if (verdict?.kind === 'closed') {
      // Nothing ran: no progress message, just the outcome for the requester (if there is one to tell).
      if (verdict.message) await deps.notifier.toRequester(request, 'final', verdict.message);
      await options.audit?.failed(request, checkpoint, new GpubotError(verdict.code, `closed before it ran: ${verdict.code}`));
      log.info({ code: verdict.code }, 'request closed before it ran');
      return;
    }
    let saved: Checkpoint = checkpoint;
    const context: JobContext = {
      request,
      get checkpoint() {
        return saved;
      },
      async save(update) {
        const before = saved;
        saved = { ...saved, ...update };
        await job.updateData({ ...request, checkpoint: saved });
        await options.audit?.checkpointSaved(request, before, saved);
      },
      log,
      finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      elapsed(marker) {
        const since = saved.since?.[marker];
        if (since !== undefined) return Math.max(0, deps.now() - since);
        saved = { ...saved, since: { ...saved.since, [marker]: deps.now() } };
        return 0;
      },
      pollAgain(observed) {
        const base = deps.settings.pollIntervalMs;
        // A digest keeps job data small whatever the observation's size.
        const seen = createHash('sha256').update(observed).digest('base64url').slice(0, 16);
        const last = saved.poll;
        const intervalMs = last ? nextInterval(last.intervalMs, base, last.observed !== seen) : base;
        saved = { ...saved, poll: { intervalMs, observed: seen } };
        return waitFor(intervalMs);
      },
    };
    const resume = kind.steps.length > 0 ? await deps.lastProgress(request.requestId) : undefined;
    const progress = new ProgressTracker(
      request,
      deps.notifier,
      kind.title(request),
      kind.steps,
      resume?.state === 'running' ? resume : undefined,
      deps.now,
    );
    try {
      const outcome = await kind.run(context, deps, progress);
      if (isWait(outcome)) {
        // Checkpoint, then hand the slot back: BullMQ re-queues the job (not counted as an attempt).
        await job.updateData({ ...request, checkpoint: saved });
        if (!token) throw new Error('a waiting job needs its lock token to be re-queued');
        await job.moveToDelayed(Date.now() + outcome.afterMs, token);
        throw new DelayedError();
      }
      await deliver(deps, request, progress, kind, outcome);
      await options.audit?.succeeded(request, saved);
      log.info('request done');
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      if (isWorkerStopping(error) && token) {
        // Shutting down: back to the queue now (not after the lock lapses), resumed from the checkpoint.
        log.info('worker stopping; the job goes back to the queue');
        await job.updateData({ ...request, checkpoint: saved });
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      const retryable = error instanceof GpubotError && error.retryable;
      if (retryable && !context.finalAttempt) {
        log.warn({ code: error.code, err: (error as Error).message }, 'transient failure; the job will be retried');
        throw error;
      }
      log.warn(
        {
          code: error instanceof GpubotError ? error.code : 'internal',
          err: error instanceof Error ? error.message : String(error),
        },
        'request failed',
      );
      await reportFailure(deps, request, progress, kind, error);
      await options.audit?.failed(request, saved, error);
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
  }

  const worker = new Worker<CommandJobData>(COMMANDS_QUEUE, runJob, {
    connection: options.settings.connection,
    prefix: options.settings.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: options.lockDurationMs,
    maxStalledCount: 10,
  });
  worker.on('error', (error) => deps.log.error({ err: error.message }, 'command worker error'));
  return worker;
}
