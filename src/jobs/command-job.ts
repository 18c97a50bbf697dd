import type { Text } from '../i18n/text.js';
import type { Message } from '../messages/model.js';
import type { ChatRequest } from '../queue/request.js';
import type { JobContext } from './job-context.js';
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
}
