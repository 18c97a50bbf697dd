import { DelayedError, ErrorCode, UnrecoverableError, Worker, type Job } from 'bullmq';
import { GpubotError } from '../errors.js';
import { text } from '../i18n/text.js';
import type { Logger } from '../log.js';
import type { Progress } from '../messages/model.js';
import type { Notifier } from '../outbox/notifier.js';
import { stallCheckIntervalMs } from '../queue/lock-timing.js';
import { COMMANDS_QUEUE, type QueueSettings } from '../queue/queues.js';
import type { ChatRequest } from '../queue/request.js';
import { buildJobContext } from './build-job-context.js';
import type { CleanUp, CommandJob, Outcome } from './command-job.js';
import { giveUp, reasonFor } from './give-up.js';
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
  /** A job whose workers died (stopped heart-beating) more often than this is given up and reported. */
  readonly stallLimit: number;
  /** Queues the request that removes what a job left when it gave up (command-job.ts `cleanUp`). */
  readonly followUp: (request: CleanUp['request']) => Promise<void>;
  /** Where cloud creates/deletes and job outcomes are recorded (job-audit.ts), and spend follows them. */
  readonly audit?: JobAudit;
  /** Asked before a job runs: a request that waits on a decision waits, or is closed (job-gate.ts). */
  readonly gate?: JobGate;
}

async function deliver(notifier: Notifier, request: ChatRequest, progress: ProgressTracker, job: CommandJob, outcome: Outcome) {
  if (job.steps.length > 0) await progress.finish('succeeded', outcome.summary ?? text('job.done'));
  if (outcome.channel) await notifier.toConversation(request, 'final', outcome.channel);
  if (outcome.private) await notifier.toRequester(request, 'final', outcome.private, { secret: outcome.secret ?? false });
}

/** Thrown once a job's failure is reported, so the 'failed' listener knows it was. */
class ReportedFailure extends UnrecoverableError {}

/**
 * BullMQ's answer when this run no longer holds its job: the lock lapsed (Redis away longer than
 * the lock, a frozen process) and the stall check handed the job to a new run, which carries on.
 */
function lostTheJob(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === ErrorCode.JobLockNotExist || code === ErrorCode.JobLockMismatch;
}

/** A job whose workers died (or froze past their lock) this often while running it. */
function stalledError(times: number): GpubotError {
  return new GpubotError('job.stalled', `stalled ${times} times`, { userMessage: text('job.error.stalled', { times }) });
}

/** Waiting jobs whose last progress a worker keeps in memory (a few KB each). */
const PUBLISHED_KEPT = 5000;

/** The stall count BullMQ fails a job at on its own: above the runner's, which reports first (in the job). */
const BULLMQ_STALL_MARGIN = 5;

/**
 * Runs command jobs. A job that must wait returns a Wait: it is checkpointed and re-queued as a
 * delayed job (not an attempt), so waiting holds no worker slot. Each run resumes from the
 * checkpoint, after a wait, a crash or another worker's shutdown; transient faults are retried by
 * BullMQ with backoff. Whatever ends a job for good (a failure that cannot succeed, retries used
 * up, its workers dying more than the stall limit, an unexpected exception) goes through the one
 * failure report (give-up.ts), which also queues the removal of what the job made that bills.
 */
export function runCommandWorker(options: CommandWorkerOptions): Worker<CommandJobData> {
  const { deps, jobs } = options;
  const reporting = { notifier: deps.notifier, followUp: options.followUp, ...(options.audit ? { audit: options.audit } : {}) };

  /**
   * The progress each waiting job of this worker last published, so the next run (most often on
   * this worker) does not read it back: used only while the job's checkpoint names that very snapshot.
   */
  const published = new Map<string, Progress>();
  const remember = (requestId: string, progress: Progress) => {
    published.delete(requestId);
    published.set(requestId, progress);
    if (published.size > PUBLISHED_KEPT) published.delete(published.keys().next().value as string);
  };

  /** The request's progress message, continuing the checklist a previous run published. */
  async function trackerFor(kind: CommandJob, request: ChatRequest, checkpoint?: Checkpoint): Promise<ProgressTracker> {
    const kept = published.get(request.requestId);
    const resume =
      kind.steps.length === 0
        ? undefined
        : kept && kept.updatedAt === checkpoint?.progressAt
          ? kept
          : await deps.lastProgress(request.requestId);
    return new ProgressTracker(
      request,
      deps.notifier,
      kind.title(request),
      kind.steps,
      resume?.state === 'running' ? resume : undefined,
      deps.now,
    );
  }

  async function report(job: Job<CommandJobData>, kind: CommandJob, error: unknown, progress?: ProgressTracker): Promise<void> {
    const { checkpoint = {}, ...request } = job.data;
    await giveUp(reporting, kind, request, checkpoint, progress ?? (await trackerFor(kind, request)), error);
  }

  /** Recorded before the report starts, so a re-run of this job repeats the report, not the job. */
  async function markGivenUp(
    job: Job<CommandJobData>,
    request: ChatRequest,
    checkpoint: Checkpoint,
    error: unknown,
  ): Promise<void> {
    const code = error instanceof GpubotError ? error.code : 'internal';
    await job.updateData({ ...request, checkpoint: { ...checkpoint, gaveUp: { code, reason: reasonFor(error) } } });
  }

  async function runJob(job: Job<CommandJobData>, token?: string): Promise<void> {
    const { checkpoint, ...request } = job.data;
    const kind = jobs[request.command.kind];
    const log = deps.log.child({ requestId: request.requestId, kind: request.command.kind, attempt: job.attemptsMade + 1 });
    if (!kind) throw new UnrecoverableError(`no job handles ${request.command.kind}`);
    if (checkpoint?.gaveUp) {
      // Given up already (its end was not recorded, e.g. Redis went mid-report): only the report
      // is repeated, which sends nothing twice; the job never runs again after its clean-up began.
      const { code, reason } = checkpoint.gaveUp;
      await report(job, kind, new GpubotError(code, `given up: ${code}`, { userMessage: reason }));
      throw new ReportedFailure(`given up: ${code}`);
    }
    if (job.stalledCounter > options.stallLimit) {
      // Its workers died (or froze) this often while running it: stop, rather than take down the next one.
      const stalled = stalledError(job.stalledCounter);
      log.error({ code: stalled.code, stalls: job.stalledCounter }, 'request given up: its workers kept stopping');
      await markGivenUp(job, request, checkpoint ?? {}, stalled);
      await report(job, kind, stalled);
      throw new ReportedFailure(stalled.message);
    }
    const verdict = options.gate ? await options.gate(request) : undefined;
    if (verdict?.kind === 'wait') {
      if (!token) throw new Error('a waiting job needs its lock token to be re-queued');
      await job.moveToDelayed(Date.now() + verdict.afterMs, token);
      throw new DelayedError();
    }
    if (verdict?.kind === 'closed') {
      const reason = verdict.message?.lines[0];
      const closed = new GpubotError(
        verdict.code,
        `closed before it ran: ${verdict.code}`,
        reason ? { userMessage: reason } : {},
      );
      if (verdict.code.endsWith('.expired')) {
        // Nobody decided in time: the channel that saw the request learns it ended, like any failure.
        await report(job, kind, closed);
        log.info({ code: verdict.code }, 'request expired before it ran');
        return;
      }
      // Rejected or cancelled: the requester is told (the approver or they decided); nothing ran.
      if (verdict.message) await deps.notifier.toRequester(request, 'final', verdict.message);
      await options.audit?.failed(request, checkpoint ?? {}, closed);
      log.info({ code: verdict.code }, 'request closed before it ran');
      return;
    }
    // Which worker runs each step of a request, and whether it took it over from one that died.
    log.debug({ stalls: job.stalledCounter }, 'request running');
    const context = buildJobContext(job, request, log, {
      now: deps.now,
      pollIntervalMs: deps.pollIntervalMs,
      ...(options.audit ? { audit: options.audit } : {}),
    });
    const progress = await trackerFor(kind, request, checkpoint);
    try {
      // A run's steps are one message edit (more only when it takes long): most runs take a moment.
      const outcome = await progress.batch(() => kind.run(context, progress));
      if (isWait(outcome)) {
        // Checkpoint, then hand the slot back: BullMQ re-queues the job (not counted as an attempt).
        if (!token) throw new Error('a waiting job needs its lock token to be re-queued');
        const shown = progress.snapshot;
        await job.updateData({ ...request, checkpoint: { ...context.saved(), progressAt: shown.updatedAt } });
        remember(request.requestId, shown);
        await job.moveToDelayed(Date.now() + outcome.afterMs, token);
        if (worker.closing) log.info('worker stopping; the job waits in the queue for the next worker');
        throw new DelayedError();
      }
      published.delete(request.requestId);
      await deliver(deps.notifier, request, progress, kind, outcome);
      await options.audit?.succeeded(request, context.saved());
      log.info('request done');
    } catch (error) {
      if (error instanceof DelayedError) throw error;
      published.delete(request.requestId);
      if (lostTheJob(error)) {
        // Not a failure of the request: the run that holds the job now resumes from its checkpoint.
        log.warn({ err: (error as Error).message }, 'this run lost its lock; the job carries on in the run that took it over');
        throw error;
      }
      // What this run learnt (wait clocks, tries, what it made) is kept, for a retry or the clean-up.
      const learnt = context.saved();
      if (error instanceof GpubotError && error.retryable && !context.finalAttempt) {
        await job.updateData({ ...request, checkpoint: learnt });
        log.warn({ code: error.code, err: error.message }, 'transient failure; the job will be retried');
        throw error;
      }
      log.warn(
        {
          code: error instanceof GpubotError ? error.code : 'internal',
          err: error instanceof Error ? error.message : String(error),
        },
        'request failed',
      );
      await markGivenUp(job, request, learnt, error);
      await report(job, kind, error, progress);
      throw new ReportedFailure(error instanceof Error ? error.message : String(error));
    }
  }

  const worker = new Worker<CommandJobData>(COMMANDS_QUEUE, runJob, {
    connection: options.settings.connection,
    prefix: options.settings.prefix,
    concurrency: options.concurrency,
    lockDuration: options.lockDurationMs,
    stalledInterval: stallCheckIntervalMs(options.lockDurationMs),
    maxStalledCount: options.stallLimit + BULLMQ_STALL_MARGIN,
  });
  worker.on('error', (error) => deps.log.error({ err: error.message }, 'command worker error'));
  // What ended a job for good without its report: a failure outside the job's own handling on its
  // last attempt (Redis gone mid-report), or BullMQ's own stall limit. Reported here, the same way.
  worker.on('failed', (job, error) => {
    if (!job?.finishedOn || error instanceof ReportedFailure) return;
    const kind = jobs[job.data.command.kind];
    if (!kind) return;
    const log = deps.log.child({ requestId: job.data.requestId, kind: job.data.command.kind });
    log.error({ err: error.message }, 'request failed outside its job; reporting it');
    const cause = error.message.includes('stalled more than allowable limit')
      ? stalledError(job.stalledCounter)
      : error instanceof GpubotError
        ? error
        : new GpubotError('job.lost', error.message);
    report(job, kind, cause).catch((failure: unknown) =>
      log.error({ err: failure instanceof Error ? failure.message : String(failure) }, 'could not report a failed request'),
    );
  });
  return worker;
}
