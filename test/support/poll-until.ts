/** Polls until `check` holds; on timeout fails with `describe()`, which says what was seen instead. */
export async function pollUntil(
  check: () => boolean,
  describe: () => string,
  timeoutMs = 15_000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** Polls `read()` until it matches `pattern` and returns the match; on timeout fails with `describe()`. */
export async function waitForMatch(
  read: () => string,
  pattern: RegExp,
  describe: () => string,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  let match: RegExpMatchArray | null = null;
  await pollUntil(() => (match = read().match(pattern)) !== null, describe, timeoutMs, 25);
  return match as unknown as RegExpMatchArray;
}

/** Like pollUntil, for a check that asks something asynchronously (Redis, HTTP). */
export async function pollUntilAsync(
  check: () => Promise<boolean>,
  describe: () => string,
  timeoutMs = 15_000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}
