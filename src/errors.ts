import type { Text } from './i18n/text.js';

/**
 * The few error classes gpubot uses. Adapters map SDK/HTTP errors onto these at their boundary,
 * so the core can decide "retry later", "tell the user" or "give up" without knowing any SDK.
 */
export class GpubotError extends Error {
  /** A stable machine-readable code, e.g. `cloud.throttled`, `chat.rate_limited`. */
  readonly code: string;
  /** True when the same call may succeed later (throttling, 5xx, network, flow control). */
  readonly retryable: boolean;
  /** What to tell the requester, when the error is worth explaining to them. */
  readonly userMessage?: Text;
  /** A hint from the remote side (e.g. Retry-After) for when to retry. */
  readonly retryAfterMs?: number;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; userMessage?: Text; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    if (options.userMessage !== undefined) this.userMessage = options.userMessage;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

/** The request cannot succeed as asked; the message says why and what to do. Never retried. */
export class UserFacingError extends GpubotError {
  constructor(code: string, userMessage: Text, detail?: string) {
    super(code, detail ?? code, { retryable: false, userMessage });
  }
}

/** A transient failure: the operation should be tried again later. */
export class RetryableError extends GpubotError {
  constructor(code: string, message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(code, message, { ...options, retryable: true });
  }
}

export function isGpubotError(error: unknown): error is GpubotError {
  return error instanceof GpubotError;
}
