import { GpubotError, RetryableError } from '../../errors.js';

/** DingTalk error codes that mean "too many calls right now" rather than "this call is wrong". */
const THROTTLE_CODE = /QpsLimit|Throttl|FlowControl|TooManyRequests|^9000[2-9]$|^9001[89]$/i;

const DEFAULT_RETRY_AFTER_MS = 10_000;

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Maps a failed DingTalk OpenAPI answer onto gpubot's errors: 429, 5xx and throttling codes may
 * succeed later; any other 4xx (`{code, message}`) is a mistake or a missing permission and is not retried.
 */
export function mapHttpError(what: string, status: number, body: unknown, retryAfter: string | null): GpubotError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof record.code === 'string' || typeof record.code === 'number' ? String(record.code) : undefined;
  const detail = typeof record.message === 'string' ? record.message : '';
  const summary = `${what} failed: HTTP ${status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`;
  const throttled = status === 429 || (code !== undefined && THROTTLE_CODE.test(code));
  if (throttled || status >= 500) {
    return new RetryableError(throttled ? 'chat.rate_limited' : 'chat.unavailable', summary, {
      retryAfterMs: parseRetryAfter(retryAfter) ?? DEFAULT_RETRY_AFTER_MS,
    });
  }
  return new GpubotError(code ? `chat.dingtalk.${code}` : `chat.dingtalk.http_${status}`, summary);
}

/** A request that never got an answer (DNS, refused, reset, timeout) may well work on the next try. */
export function mapNetworkError(what: string, cause: unknown): RetryableError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new RetryableError('chat.network', `${what} failed: ${reason}`, { cause });
}
