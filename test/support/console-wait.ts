import type { ConsoleHarness } from './console-harness.js';
import { waitForMatch } from './poll-until.js';

/**
 * Sends a line and returns a waiter that only looks at what the console printed afterwards, so
 * several tests can share one harness without matching each other's output.
 */
export function sendAndWatch(
  harness: ConsoleHarness,
  line: string,
): {
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  output(): string;
} {
  const mark = harness.output().length;
  harness.send(line);
  const output = () => harness.output().slice(mark);
  return {
    output,
    waitFor: (pattern, timeoutMs = 20_000) =>
      waitForMatch(output, pattern, () => `timed out waiting for ${pattern}; console since "${line}":\n${output()}`, timeoutMs),
  };
}

/** Waits until the bot has nothing queued or running, then a little more for console writes. */
export async function settle(harness: ConsoleHarness): Promise<void> {
  await harness.bot.waitUntilIdle(50);
}

/** Sends a command that asks for confirmation (e.g. delete), answers it with its code, and watches from the command on. */
export async function sendConfirmed(harness: ConsoleHarness, line: string): Promise<ReturnType<typeof sendAndWatch>> {
  const watch = sendAndWatch(harness, line);
  const [, code] = await watch.waitFor(/`\/gpu-cluster confirm ([a-z0-9]{8})`/);
  harness.send(`/gpu-cluster confirm ${code}`);
  return watch;
}
