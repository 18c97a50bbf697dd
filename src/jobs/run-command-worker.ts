import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { GpubotError } from '../errors.js';
import { text, type Text } from '../i18n/text.js';
import type { Logger } from '../log.js';
import { message, type Progress } from '../messages/model.js';
import type { Notifier } from '../outbox/notifier.js';
import { COMMANDS_QUEUE, type QueueSettings } from '../queue/queues.js';
import type { ChatRequest } from '../queue/request.js';
import { buildJobContext } from './build-job-context.js';
import type { CommandJob, Outcome } from './command-job.js';
import type { JobAudit } from './job-audit.js';
import type { JobGate } from './job-gate.js';
import type { Checkpoint } from './job-context.js';
import { ProgressTracker } from './progress-tracker.js';
import { isWait } from './wait.js';

export type CommandJobData = ChatRequest & { readonly checkpoint?: Checkpoint };

/** What the runner itself uses; each job brings its own dependencies (command-jobs.ts). */
export interface RunnerDeps {
  readonly notifier: Notifier;
  /** The request's progress as last published, so a re-run continues the same checklist. */
  readonly lastProgress: (requestId: string) => Promise<Progress | undefined>;
  readonly log: Logger;
  readonly now: () => number;
  readonly pollIntervalMs: number;
}

export interface CommandWorkerOptions {
  readonly settings: QueueSettings;
  readonly deps: RunnerDeps;
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

async function deliver(notifier: Notifier, request: ChatRequest, progress: ProgressTracker, job: CommandJob, outcome: Outcome) {
  if (job.steps.length > 0) await progress.finish('succeeded', outcome.summary ?? text('job.done'));
  if (outcome.channel) await notifier.toConversation(request, 'final', outcome.channel);
  if (outcome.private) await notifier.toRequester(request, 'final', outcome.private, { secret: outcome.secret ?? false });
}

async function reportFailure(
  notifier: Notifier,
  request: ChatRequest,
  progress: ProgressTracker,
  job: CommandJob,
  error: unknown,
) {
  const reason = reasonFor(error);
  if (job.steps.length > 0) await progress.finish('failed', reason);
  await notifier.toRequester(request, 'final', message('error', [reason], { title: job.title(request) }));
}

/**
 * Runs command jobs. A job that must wait returns a Wait: it is checkpointed and re-queued as a
 * delayed job (not an attempt), so waiting holds no worker slot. Each run resumes from the
 * checkpoint, after a wait, a crash or another worker's shutdown; transient faults are retried by
 * BullMQ with backoff; anything that cannot succeed is reported once and not retried.
 */
export function runCommandWorker(options: CommandWorkerOptions): Worker<CommandJobData> {
  const { deps, jobs } = options;

  async function runJob(job: Job<CommandJobData>, token?: string): Promise<void> {
    const { checkpoint, ...request } = job.data;
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
      const closed = new GpubotError(verdict.code, `closed before it ran: ${verdict.code}`);
      await options.audit?.failed(request, checkpoint ?? {}, closed);
      log.info({ code: verdict.code }, 'request closed before it ran');
      return;
    }
    const context = buildJobContext(job, request, log, {
      now: deps.now,
      pollIntervalMs: deps.pollIntervalMs,
      ...(options.audit ? { audit: options.audit } : {}),
    });
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
      const outcome = await kind.run(context, progress);
      if (isWait(outcome)) {
        // Checkpoint, then hand the slot back: BullMQ re-queues the job (not counted as an attempt).
        if (!token) throw new Error('a waiting job needs its lock token to be re-queued');
        await job.updateData({ ...request, checkpoint: context.saved() });
        await job.moveToDelayed(Date.now() + outcome.afterMs, token);
        if (worker.closing) log.info('worker stopping; the job waits in the queue for the next worker');
        throw new DelayedError();
      }
      await deliver(deps.notifier, request, progress, kind, outcome);
      await options.audit?.succeeded(request, context.saved());
      log.info('request done');
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      const retryable = error instanceof GpubotError && error.retryable;
      if (retryable && !context.finalAttempt) {
        log.warn({ code: error.code, err: (error as Error).message }, 'transient failure; the job will be retried');
        // What this run learnt (wait clocks, tries) is kept for the retry.
        await job.updateData({ ...request, checkpoint: context.saved() });
        throw error;
      }
      log.warn(
        {
          code: error instanceof GpubotError ? error.code : 'internal',
          err: error instanceof Error ? error.message : String(error),
        },
        'request failed',
      );
      await reportFailure(deps.notifier, request, progress, kind, error);
      await options.audit?.failed(request, context.saved(), error);
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
