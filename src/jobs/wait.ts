/**
 * What a job returns when it must wait on the cloud or a cluster: "come back in `afterMs`". The
 * runner checkpoints the job and re-queues it as a delayed job, so waiting holds no worker slot
 * and the number of provisionings in flight is bounded by the cloud, not by worker concurrency.
 */
export interface Wait {
  readonly kind: 'wait';
  readonly afterMs: number;
}

export function waitFor(afterMs: number): Wait {
  return { kind: 'wait', afterMs: Math.max(0, Math.round(afterMs)) };
}

export function isWait(value: unknown): value is Wait {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'wait';
}

/** Polling backs off from the base interval to six times it, and snaps back when something changes. */
export function nextInterval(current: number, base: number, changed: boolean): number {
  return changed ? base : Math.min(Math.round(current * 1.5), base * 6);
}
