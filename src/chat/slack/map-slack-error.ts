import { text } from '../../i18n/text.js';
import { GpubotError, RetryableError } from '../../errors.js';

/** Platform errors (`ok:false`) that describe a transient Slack-side fault, worth retrying. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);
/** The bot may not post there: a private channel it was not invited to, or one it cannot see. */
export const NOT_IN_CHANNEL_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
const AUTH_ERRORS = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
]);

interface SlackErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  headers?: Record<string, unknown>;
  data?: { error?: unknown };
  message?: unknown;
}

/** The `ok:false` error string of a Web API platform error, if that is what this is. */
export function platformErrorOf(error: unknown): string | undefined {
  const shape = error as SlackErrorShape | null;
  if (shape?.code !== 'slack_webapi_platform_error') return undefined;
  return typeof shape.data?.error === 'string' ? shape.data.error : undefined;
}

/**
 * Maps @slack/web-api errors onto gpubot's error classes, so the outbox decides retry/give-up
 * without knowing the SDK. Matches on the SDK's `code` strings rather than `instanceof`, which
 * would break if two copies of the SDK were ever installed.
 */
export function mapSlackError(error: unknown, method: string, channel?: string): GpubotError {
  if (error instanceof GpubotError) return error;
  const shape = (error ?? {}) as SlackErrorShape;
  const where = `Slack ${method}`;
  switch (shape.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof shape.retryAfter === 'number' ? shape.retryAfter : undefined;
      return new RetryableError('chat.rate_limited', `${where} was rate limited`, {
        ...(seconds === undefined ? {} : { retryAfterMs: seconds * 1000 }),
        cause: error,
      });
    }
    case 'slack_webapi_http_error': {
      const status = typeof shape.statusCode === 'number' ? shape.statusCode : 0;
      if (status >= 500 || status === 408) {
        // A 503 may say when to come back; the outage gate then waits that long before probing.
        const seconds = Number(shape.headers?.['retry-after']);
        return new RetryableError('chat.unavailable', `${where} answered HTTP ${status}`, {
          ...(Number.isFinite(seconds) && seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}),
          cause: error,
        });
      }
      return new GpubotError('chat.http_error', `${where} answered HTTP ${status}`, { cause: error });
    }
    case 'slack_webapi_request_error':
      return new RetryableError('chat.network', `${where} failed: network error or timeout`, { cause: error });
    case 'slack_webapi_platform_error': {
      const code = platformErrorOf(error) ?? 'unknown';
      if (code === 'ratelimited') return new RetryableError('chat.rate_limited', `${where} was rate limited`, { cause: error });
      if (TRANSIENT_PLATFORM_ERRORS.has(code))
        return new RetryableError('chat.unavailable', `${where} failed: ${code}`, { cause: error });
      if (NOT_IN_CHANNEL_ERRORS.has(code)) {
        return new GpubotError(
          'chat.not_in_channel',
          `${where} failed: ${code}; the bot is not a member of channel ${channel ?? '?'} (invite it with /invite)`,
          {
            userMessage: text('slack.error.not_in_channel', { channel: channel ?? '?' }),
            cause: error,
          },
        );
      }
      if (AUTH_ERRORS.has(code))
        return new GpubotError('chat.auth', `${where} failed: ${code}; check SLACK_BOT_TOKEN and the app's scopes`, {
          cause: error,
        });
      return new GpubotError('chat.platform_error', `${where} failed: ${code}`, { cause: error });
    }
    default: {
      // A 429 without a usable Retry-After surfaces as a plain Error from the SDK.
      const message = typeof shape.message === 'string' ? shape.message : String(error);
      if (/rate limit|Retry header/i.test(message))
        return new RetryableError('chat.rate_limited', `${where}: ${message}`, { cause: error });
      return new GpubotError('chat.unexpected', `${where} failed: ${message}`, { cause: error });
    }
  }
}
