import type { GpubotError } from '../../errors.js';
import { mapCloudError } from './map-cloud-error.js';
import type { ClientsFor } from './pop-clients.js';
import { withRetry, type RetryPolicy } from './with-retry.js';

export type Json = Record<string, unknown>;

/** What every call needs: the per-region clients, the retry policy, a timeout, a retry observer. */
export interface CallContext {
  readonly clientsFor: ClientsFor;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly onRetry?: ((action: string, code: string, attempt: number) => void) | undefined;
}

export interface RoaCall {
  readonly action: string;
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  /** Narrows which retryable errors are retried here (the caller handles the others). */
  readonly retryIf?: (error: GpubotError) => boolean;
}

/**
 * One ACK call at the endpoint of `regionId`: the documented `x-acs-action` header, a timeout,
 * retries for transient faults.
 */
export async function callCs(context: CallContext, regionId: string, call: RoaCall): Promise<Json> {
  const headers: Record<string, string> = { 'x-acs-action': call.action };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const payload = call.body === undefined ? '' : JSON.stringify(call.body);
  const { cs } = context.clientsFor(regionId);
  return withRetry(
    context.retry,
    async () => {
      let result: unknown;
      try {
        result = await cs.request(call.method, call.path, call.query ?? {}, payload, headers, { timeout: context.timeoutMs });
      } catch (error) {
        throw mapCloudError(call.action, error);
      }
      // pop-core returns non-JSON bodies (e.g. a proxy's HTML 502) as a string instead of throwing.
      if (typeof result === 'string' && result.trim() !== '') {
        throw mapCloudError(call.action, {
          code: 'UnexpectedResponse',
          statusCode: 502,
          message: 'non-JSON answer from the CS endpoint',
        });
      }
      return (typeof result === 'object' && result !== null ? result : {}) as Json;
    },
    (error, attempt) => context.onRetry?.(call.action, error.code, attempt),
    call.retryIf,
  );
}

/** One ECS or VPC (RPC) call at the endpoint of `regionId`, POSTed, retried on transient faults. */
export async function callRpc(
  context: CallContext,
  regionId: string,
  service: 'ecs' | 'vpc',
  action: string,
  params: Record<string, unknown>,
): Promise<Json> {
  const client = context.clientsFor(regionId)[service];
  return withRetry(
    context.retry,
    async () => {
      try {
        return (await client.request(action, params, { method: 'POST', timeout: context.timeoutMs })) as Json;
      } catch (error) {
        throw mapCloudError(action, error);
      }
    },
    (error, attempt) => context.onRetry?.(action, error.code, attempt),
  );
}
