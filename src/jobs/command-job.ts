import type { Text } from '../i18n/text.js';
import type { Message } from '../messages/model.js';
import type { ChatRequest } from '../queue/request.js';
import type { Checkpoint, JobContext } from './job-context.js';
import type { ProgressTracker, StepDefinition } from './progress-tracker.js';
import type { Wait } from './wait.js';

/** What a finished job tells the people involved. */
export interface Outcome {
  /** Closing line of the progress message. */
  readonly summary?: Text;
  /** Posted to the conversation (everyone there sees it). */
  readonly channel?: Message;
  /** Sent privately to the requester. `secret` seals it in the outbox (passwords). */
  readonly private?: Message;
  readonly secret?: boolean;
}

/** The request that removes what a job left when it gave up, queued like any other (origin `cleanup`). */
export interface CleanUp {
  readonly request: ChatRequest & { readonly checkpoint: Checkpoint };
  /** Added to the failure report: what is being removed. */
  readonly note: Text;
}

/** What a removal that gave up leaves billing, and how to remove it by hand. */
export interface LeftBehind {
  /** For the owner: what is left and the exact command that removes it. */
  readonly text: Text;
  /** For the audit trail (facts and the command, no message text). */
  readonly summary: string;
}

/**
 * One kind of command job, built by its factory with the dependencies it uses (and no others).
 * `steps` empty means the job answers privately without a progress message (list, status).
 */
export interface CommandJob {
  title(request: ChatRequest): Text;
  readonly steps: readonly StepDefinition[];
  /**
   * Runs the job from its checkpoint: either to the end (an Outcome) or until it must wait on the
   * cloud or a cluster (a Wait, from `context.pollAgain`); then it runs again later, from the top,
   * skipping what its checkpoint says is done. Every step is idempotent.
   */
  run(context: JobContext, progress: ProgressTracker): Promise<Outcome | Wait>;
  /**
   * A job that makes what bills: once it has given up for good (a failure, its retries used up,
   * its workers dying too often), the request that removes what its checkpoint says it made, if
   * anything. The runner queues it (once per request) and says so in the failure report.
   */
  cleanUp?(request: ChatRequest, checkpoint: Checkpoint): CleanUp | undefined;
  /** A removal: when a clean-up (origin `cleanup`) gives up, what is left and how to remove it by hand. */
  leftBehind?(request: ChatRequest, checkpoint: Checkpoint): LeftBehind | undefined;
}
