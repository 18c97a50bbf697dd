import { UserFacingError } from '../../errors.js';
import type { Text } from '../../i18n/text.js';
import type { JobDeps } from '../job-context.js';

/**
 * Waits until `isGone` says so, checking once per poll interval; at the deadline it gives up with
 * `timeout` (what is still there and that it will go by itself). Each check is one call, so a
 * scheduler can later run them without a loop holding a worker.
 */
export async function waitUntilGone(
  deps: JobDeps,
  isGone: () => Promise<boolean>,
  deadline: number,
  timeout: { code: string; text: Text },
): Promise<void> {
  for (;;) {
    if (await isGone()) return;
    if (deps.now() >= deadline) throw new UserFacingError(timeout.code, timeout.text);
    await deps.sleep(deps.settings.pollIntervalMs);
  }
}
