/** How a core call went relative to the time we can wait before acking Slack. */
export type BudgetOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | { readonly kind: 'failed'; readonly error: unknown }
  | { readonly kind: 'late'; readonly later: Promise<T> };

/**
 * Waits for `work` at most `budgetMs`. Slack shows `operation_timeout` if the ack is not back
 * within 3 s, so a slow core (Redis hiccup) must not hold the ack: the caller acks with a
 * holding reply and delivers the real one later.
 */
export async function raceAckBudget<T>(work: Promise<T>, budgetMs: number): Promise<BudgetOutcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ kind: 'done' as const, value })), deadline]);
    return first === 'late' ? { kind: 'late', later: work } : first;
  } catch (error) {
    return { kind: 'failed', error };
  } finally {
    clearTimeout(timer);
  }
}
