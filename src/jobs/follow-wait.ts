import { UserFacingError } from '../errors.js';
import type { Text } from '../i18n/text.js';
import type { JobContext } from './job-context.js';
import type { ProgressTracker } from './progress-tracker.js';
import type { Wait } from './wait.js';
import type { WaitDecision } from './wait-decision.js';

export interface WaitRules {
  /** The progress step that shows what each look saw. */
  readonly step: string;
  /** Names the wait's clock (context.elapsed): it counts from the first look, across runs. */
  readonly clock: string;
  /** Give up once the clock passes `ms`, with the error made from what the last look showed. */
  readonly timeout?: { readonly ms: number; readonly error: (shown: Text) => UserFacingError };
  /** When the next look has something new to see; the adaptive poll interval when absent. */
  readonly nextLookInMs?: number;
}

/**
 * Acts on one look at something being waited on: its value when ready; when failed, the failure
 * as a UserFacingError; when pending, the new detail on the progress step and a Wait (or the
 * timeout error once the wait has lasted too long).
 */
export async function followWait<T>(
  context: JobContext,
  progress: ProgressTracker,
  decision: WaitDecision<T>,
  rules: WaitRules,
): Promise<T | Wait> {
  const waited = context.elapsed(rules.clock);
  if (decision.kind === 'ready') return decision.value;
  if (decision.kind === 'failed') throw new UserFacingError(decision.code, decision.reason);
  await progress.detail(rules.step, decision.detail);
  if (rules.timeout && waited > rules.timeout.ms) throw rules.timeout.error(decision.detail);
  return context.pollAgain(decision.observed, rules.nextLookInMs === undefined ? {} : { afterMs: rules.nextLookInMs });
}
