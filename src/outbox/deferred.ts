import { RetryableError } from '../errors.js';

/**
 * "Not now; come back in `retryAfterMs`": the outbox parks the delivery without counting an
 * attempt. Thrown before anything reaches the platform (a closed gate, pacing, waiting for the
 * final progress edit), so it never means "maybe sent".
 */
export class DeliveryDeferred extends RetryableError {
  constructor(reason: string, waitMs: number) {
    super('chat.deferred', reason, { retryAfterMs: Math.max(1, Math.ceil(waitMs)) });
  }
}

/** Failures after which the message certainly did not reach the platform (it refused or was never asked). */
const NOT_DELIVERED = new Set(['chat.deferred', 'chat.rate_limited', 'chat.flow_controlled']);

export function certainlyNotDelivered(error: unknown): boolean {
  return error instanceof RetryableError && NOT_DELIVERED.has(error.code);
}
