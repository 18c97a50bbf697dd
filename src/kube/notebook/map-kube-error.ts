import { ApiException } from '@kubernetes/client-node';
import { GpubotError, RetryableError } from '../../errors.js';

/** The HTTP status of a client-node API error, or undefined for network and other errors. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

function reasonOf(error: ApiException<unknown>): string {
  let body: unknown = error.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return '';
    }
  }
  const status = body as { reason?: unknown; message?: unknown } | undefined;
  return [status?.reason, status?.message].filter((part) => typeof part === 'string').join(': ');
}

/** Connection-level failures worth another try: refused, reset, unreachable, DNS hiccups, timeouts. */
const NETWORK_CODES =
  /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EAI_AGAIN|ENOTFOUND|UND_ERR_\w+)$/;

function retryAfterMs(error: ApiException<unknown>): number | undefined {
  const headers = (error.headers ?? {}) as Record<string, unknown>;
  const seconds = Number(headers['retry-after']);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * What an HTTP status from the API server means for gpubot: 5xx, 408 and 429 (with its Retry-After)
 * may pass; the rest will not. `reason` is the Status reason and message, never a body.
 */
export function errorForStatus(operation: string, status: number, reason: string, retryAfter?: number): GpubotError {
  const detail = `kube ${operation}: HTTP ${status} ${reason}`.trim();
  if (status === 429 || status === 408 || status >= 500) {
    return new RetryableError(
      status === 429 ? 'kube.throttled' : 'kube.unavailable',
      detail,
      retryAfter ? { retryAfterMs: retryAfter } : {},
    );
  }
  if (status === 401 || status === 403) return new GpubotError('kube.forbidden', detail);
  if (status === 409) return new GpubotError('kube.conflict', detail);
  if (status === 404) return new GpubotError('kube.not_found', detail);
  return new GpubotError('kube.rejected', detail);
}

/**
 * Maps a client-node error onto gpubot's errors at the adapter boundary: 5xx, 408, 429 (with its
 * Retry-After), connection resets and timeouts may succeed later; the rest will not. client-node's
 * own message carries the whole response body and headers; only the Status reason and message are
 * kept (they name objects, never their data), and the raw error is not attached, so nothing
 * secret reaches a log or a job's failure reason.
 */
export function mapKubeError(operation: string, error: unknown): GpubotError {
  if (error instanceof GpubotError) return error;
  if (error instanceof ApiException) return errorForStatus(operation, error.code, reasonOf(error), retryAfterMs(error));
  const shape = (error ?? {}) as { code?: unknown; name?: unknown; type?: unknown; message?: unknown };
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  const name = typeof shape.name === 'string' ? shape.name : typeof error;
  if (name === 'AbortError' || name === 'TimeoutError' || shape.type === 'aborted' || shape.type === 'request-timeout') {
    return new RetryableError('kube.timeout', `kube ${operation}: no answer in time`);
  }
  if ((code !== undefined && NETWORK_CODES.test(code)) || (name === 'FetchError' && shape.type === 'system')) {
    return new RetryableError('kube.network', `kube ${operation}: ${code ?? name}`);
  }
  // Anything else (a bad kubeconfig, an unparsable answer) will not get better by itself.
  const message = typeof shape.message === 'string' ? shape.message.split('\n')[0]?.slice(0, 200) : '';
  return new GpubotError('kube.unexpected', `kube ${operation}: ${name}${message ? `: ${message}` : ''}`);
}

/** Waits before the second and third try of an idempotent call: a blip costs the job nothing. */
const RETRY_DELAYS_MS = [100, 400];
/** A Retry-After longer than this is the job's to wait for (it comes back later), not the call's. */
const MAX_INLINE_WAIT_MS = 2000;

/** Reads, lists and deletes may be sent again as they are: the cluster ends in the same state. */
const idempotent = (operation: string) => /^(read|list|delete) /.test(operation);

/**
 * Runs one API call, mapping its failure. An idempotent call that fails transiently (5xx, 429,
 * a reset) is tried up to twice more within about half a second first, so one lost answer does
 * not cost a job an attempt.
 */
async function withRetries<T>(operation: string, run: () => Promise<T>, missingOk: boolean): Promise<T | undefined> {
  for (let tried = 0; ; tried += 1) {
    try {
      return await run();
    } catch (error) {
      if (missingOk && statusOf(error) === 404) return undefined;
      const mapped = mapKubeError(operation, error);
      const delay = RETRY_DELAYS_MS[tried];
      const wait = Math.max(delay ?? 0, mapped.retryAfterMs ?? 0);
      // A timeout already waited long: the job comes back to it later rather than holding its slot.
      const again = mapped.retryable && mapped.code !== 'kube.timeout' && idempotent(operation);
      if (!again || delay === undefined || wait > MAX_INLINE_WAIT_MS) throw mapped;
      await new Promise((done) => setTimeout(done, wait));
    }
  }
}

export async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  return (await withRetries(operation, run, false)) as T;
}

/** Like `call`, with 404 (the object does not exist) as undefined. */
export async function callOrMissing<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
  return withRetries(operation, run, true);
}
