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

/**
 * Maps a client-node error onto gpubot's errors at the adapter boundary. client-node's own
 * message carries the whole response body and headers; only the Status reason and message are
 * kept (they name objects, never their data), so nothing secret reaches a log or a job's
 * failure reason.
 */
export function mapKubeError(operation: string, error: unknown): GpubotError {
  if (error instanceof GpubotError) return error;
  if (error instanceof ApiException) {
    const detail = `kube ${operation}: HTTP ${error.code} ${reasonOf(error)}`.trim();
    if (error.code === 429 || error.code >= 500) return new RetryableError('kube.unavailable', detail);
    if (error.code === 401 || error.code === 403) return new GpubotError('kube.forbidden', detail);
    if (error.code === 409) return new GpubotError('kube.conflict', detail);
    if (error.code === 404) return new GpubotError('kube.not_found', detail);
    return new GpubotError('kube.rejected', detail);
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  const name = error instanceof Error ? error.name : typeof error;
  return new RetryableError('kube.network', `kube ${operation}: ${typeof code === 'string' ? code : name}`);
}

/** Runs one API call, mapping its failure; `missingOk` turns 404 into undefined. */
export async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw mapKubeError(operation, error);
  }
}

export async function callOrMissing<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw mapKubeError(operation, error);
  }
}
