import { GpubotError } from '../../errors.js';
import type { DingTalkSettings } from './settings.js';
import { mapHttpError, mapNetworkError } from './map-http-error.js';

/** Renew this long before DingTalk says the token expires, as its docs and SDKs advise. */
const EXPIRY_MARGIN_MS = 300_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface AccessTokenSource {
  /** A valid token, fetched once and shared until shortly before it expires. */
  get(): Promise<string>;
  /** Forgets `token` after DingTalk rejected it (401), so the next get() fetches a fresh one. */
  invalidate(token: string): void;
}

/**
 * Caches the app's access token (`POST /v1.0/oauth2/accessToken`). Concurrent callers share one
 * in-flight request: the endpoint is throttled, and a burst of sends must not refresh N times.
 */
export function createAccessTokenSource(settings: DingTalkSettings, now: () => number = Date.now): AccessTokenSource {
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const what = 'DingTalk access token';
    let response: Response;
    try {
      response = await fetch(`${settings.apiUrl}/v1.0/oauth2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ appKey: settings.clientId, appSecret: settings.clientSecret }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw mapNetworkError(what, error);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw mapHttpError(what, response.status, body, response.headers.get('retry-after'));
    const record = (body ?? {}) as { accessToken?: unknown; expireIn?: unknown };
    if (typeof record.accessToken !== 'string' || record.accessToken === '') {
      throw new GpubotError('chat.dingtalk.bad_token_response', `${what}: answer has no accessToken`);
    }
    const lifetimeMs = (typeof record.expireIn === 'number' ? record.expireIn : 7200) * 1000;
    cached = { token: record.accessToken, expiresAt: now() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS) };
    return record.accessToken;
  }

  return {
    get() {
      if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
      inflight ??= fetchToken().finally(() => {
        inflight = undefined;
      });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
