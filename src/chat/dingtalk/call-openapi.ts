import type { AccessTokenSource } from './access-token.js';
import { mapHttpError, mapNetworkError } from './map-http-error.js';

const REQUEST_TIMEOUT_MS = 15_000;

export type OpenApiCall = (method: 'POST' | 'PUT', path: string, body: unknown) => Promise<unknown>;

/**
 * Calls a new-style DingTalk OpenAPI endpoint (`api.dingtalk.com/v1.0/...`) with the
 * `x-acs-dingtalk-access-token` header. A 401 means the cached token went stale (revoked or the
 * secret was rotated): fetch a new one and try once more, then give up with the mapped error.
 */
export function createOpenApiCall(apiUrl: string, tokens: AccessTokenSource): OpenApiCall {
  return async function callOpenApi(method, path, body) {
    const what = `DingTalk ${method} ${path}`;
    for (let attempt = 0; ; attempt += 1) {
      const token = await tokens.get();
      let response: Response;
      try {
        response = await fetch(`${apiUrl}${path}`, {
          method,
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-acs-dingtalk-access-token': token },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        throw mapNetworkError(what, error);
      }
      const answer: unknown = await response.json().catch(() => undefined);
      if (response.status === 401 && attempt === 0) {
        tokens.invalidate(token);
        continue;
      }
      if (!response.ok) throw mapHttpError(what, response.status, answer, response.headers.get('retry-after'));
      return answer;
    }
  };
}
