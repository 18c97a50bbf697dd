import pRetry from 'p-retry';
import { GpubotError } from '../../errors.js';

export interface RetryPolicy {
  readonly retries: number;
  readonly minTimeoutMs: number;
  readonly maxTimeoutMs: number;
}

/** Backoff for throttling and 5xx: about 0.5 s, 1 s, 2 s, ... up to 20 s, six tries more. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 6, minTimeoutMs: 500, maxTimeoutMs: 20_000 };

/** Runs a cloud call, retrying only what may succeed later; everything else fails at once. */
export async function withRetry<T>(
  policy: RetryPolicy,
  call: () => Promise<T>,
  onRetry?: (error: GpubotError, attempt: number) => void,
  /** Narrows which retryable errors are retried here (the caller handles the others). */
  retryIf: (error: GpubotError) => boolean = () => true,
): Promise<T> {
  return pRetry(call, {
    retries: policy.retries,
    minTimeout: policy.minTimeoutMs,
    maxTimeout: policy.maxTimeoutMs,
    factor: 2,
    randomize: true,
    shouldRetry: ({ error }) => error instanceof GpubotError && error.retryable && retryIf(error),
    onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
      if (error instanceof GpubotError && error.retryable && retryIf(error) && retriesLeft > 0) onRetry?.(error, attemptNumber);
    },
  });
}
