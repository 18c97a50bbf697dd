import type { Text } from '../../i18n/text.js';
import type { StepState } from '../../messages/model.js';
import type { ProgressTracker } from '../progress-tracker.js';

/**
 * Sets a step only when its state or detail changes, so polling every few hundred milliseconds
 * does not turn into a stream of identical progress edits.
 */
export async function publishStep(
  progress: ProgressTracker,
  id: string,
  state: 'running' | 'done',
  detail?: Text,
): Promise<void> {
  const step = progress.snapshot.steps.find((s) => s.id === id);
  if (!step) return;
  if (step.state === 'done' && state === 'running') return; // never step back
  const same = step.state === (state as StepState) && JSON.stringify(step.detail) === JSON.stringify(detail ?? step.detail);
  if (same) return;
  await (state === 'done' ? progress.done(id, detail) : progress.start(id, detail));
}
