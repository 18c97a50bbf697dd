/**
 * How often a worker looks for jobs whose worker died. A dead worker's job is taken over once its
 * lock lapses and a look sees it: within about the lock plus two of these (8 s + 2 × 2 s by default).
 */
export function stallCheckIntervalMs(lockMs: number): number {
  return Math.min(lockMs, 2_000);
}
