/**
 * How long finished work stays in Redis. Job records and delivery records only need to outlive
 * the retries and redeliveries they guard against (hours); long-term history belongs in the audit
 * stream, not in the queue.
 */
export interface Retention {
  /** Completed jobs, delivery records, progress state, redelivery marks. */
  readonly completedMs: number;
  /** Failed jobs, kept longer so an operator can look at them. */
  readonly failedMs: number;
}

export const DEFAULT_RETENTION: Retention = { completedMs: 24 * 3600_000, failedMs: 7 * 24 * 3600_000 };

/** BullMQ keeps at most this many finished jobs per queue, whatever their age. */
const MAX_KEPT = 50_000;

/** BullMQ's removeOnComplete / removeOnFail for a retention (ages in whole seconds, at least one). */
export function jobRetention(retention: Retention): {
  removeOnComplete: { age: number; count: number };
  removeOnFail: { age: number; count: number };
} {
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  return {
    removeOnComplete: { age: seconds(retention.completedMs), count: MAX_KEPT },
    removeOnFail: { age: seconds(retention.failedMs), count: MAX_KEPT },
  };
}
