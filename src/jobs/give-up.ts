import { GpubotError } from '../errors.js';
import { text, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import type { Notifier } from '../outbox/notifier.js';
import type { ChatRequest } from '../queue/request.js';
import type { CleanUp, CommandJob } from './command-job.js';
import type { JobAudit } from './job-audit.js';
import type { Checkpoint } from './job-context.js';
import type { ProgressTracker } from './progress-tracker.js';

export interface GiveUpDeps {
  readonly notifier: Notifier;
  readonly audit?: JobAudit;
  /** Queues a clean-up request, once per its request id however often it is called. */
  readonly followUp: (request: CleanUp['request']) => Promise<void>;
}

/** The user-facing reason for a failure; internal details stay in the log. */
export function reasonFor(error: unknown): Text {
  if (error instanceof GpubotError && error.userMessage) return error.userMessage;
  return text('job.error.unexpected', { code: error instanceof GpubotError ? error.code : 'internal' });
}

/**
 * The one failure report of a job that gives up for good, whatever ended it: its own failure, its
 * retries used up, its workers dying too often, an exception nobody expected. What it made that
 * bills is queued for removal first; then its progress message closes as failed, the requester is
 * told why (and what is being removed, or, for a clean-up that failed, what is left and the
 * command that removes it) and the audit trail records it. Every part is keyed by the request, so
 * a report repeated after a crash sends nothing twice.
 */
export async function giveUp(
  deps: GiveUpDeps,
  kind: CommandJob,
  request: ChatRequest,
  checkpoint: Checkpoint,
  progress: ProgressTracker,
  error: unknown,
): Promise<void> {
  const reason = reasonFor(error);
  const cleanUp = kind.cleanUp?.(request, checkpoint);
  if (cleanUp) await deps.followUp(cleanUp.request);
  const left = request.origin === 'cleanup' ? kind.leftBehind?.(request, checkpoint) : undefined;
  if (kind.steps.length > 0) await progress.finish('failed', reason);
  const lines = [reason, ...(cleanUp ? [cleanUp.note] : []), ...(left ? [left.text] : [])];
  await deps.notifier.toRequester(request, 'final', message('error', lines, { title: kind.title(request) }));
  await deps.audit?.failed(request, checkpoint, error, left?.summary);
}
