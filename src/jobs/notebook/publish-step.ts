import type { Text } from '../../i18n/text.js';
import type { ProgressTracker } from '../progress-tracker.js';

/** Sets a step running or done; the tracker publishes only real changes and never steps back. */
export async function publishStep(
  progress: ProgressTracker,
  id: string,
  state: 'running' | 'done',
  detail?: Text,
): Promise<void> {
  await (state === 'done' ? progress.done(id, detail) : progress.start(id, detail));
}
