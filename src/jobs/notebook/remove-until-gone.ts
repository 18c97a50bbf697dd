import type { UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import { followWait } from '../follow-wait.js';
import type { JobContext } from '../job-context.js';
import type { ProgressTracker } from '../progress-tracker.js';
import { pending, ready } from '../wait-decision.js';
import type { Wait } from '../wait.js';

export interface Removal {
  /** Names the removal in the checkpoint (sent once) and its clock. */
  readonly what: string;
  readonly step: string;
  remove(): Promise<void>;
  isGone(): Promise<boolean>;
  readonly timeoutMs: number;
  /** What is still there and that it will go by itself. */
  readonly timeout: () => UserFacingError;
}

/**
 * Asks once for something to be removed, then looks once per run until it is gone: true when
 * gone, a Wait while it is still there, the timeout error once it has taken too long.
 */
export async function removeUntilGone(context: JobContext, progress: ProgressTracker, removal: Removal): Promise<true | Wait> {
  const removing = context.checkpoint.removing ?? [];
  if (!removing.includes(removal.what)) {
    await removal.remove();
    await context.save({ removing: [...removing, removal.what] });
  }
  const gone = await removal.isGone();
  return followWait(context, progress, gone ? ready(true as const) : pending(text('notebook.remove.waiting'), 'present'), {
    step: removal.step,
    clock: removal.what,
    timeout: { ms: removal.timeoutMs, error: removal.timeout },
  });
}
