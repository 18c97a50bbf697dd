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
