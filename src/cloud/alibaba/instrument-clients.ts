import { describePopError } from './map-cloud-error.js';
import type { RoaClient, RpcClient } from './pop-clients.js';

/** Told about every API call: its action and, when it failed, the API's error code. */
export type CallRecorder = (action: string, errorCode?: string) => void;

async function recorded<T>(action: string, record: CallRecorder, call: () => Promise<T>): Promise<T> {
  try {
    const result = await call();
    record(action);
    return result;
  } catch (error) {
    record(action, describePopError(error).code);
    throw error;
  }
}

/** A CS (ROA) client that reports each call by its `x-acs-action` header. */
export function instrumentRoa(client: RoaClient, record: CallRecorder): RoaClient {
  return {
    request: (method, path, query, body, headers, opts) =>
      recorded(headers?.['x-acs-action'] ?? 'unknown', record, () => client.request(method, path, query, body, headers, opts)),
  };
}

/** An ECS (RPC) client that reports each call by its action. */
export function instrumentRpc(client: RpcClient, record: CallRecorder): RpcClient {
  return { request: (action, params, opts) => recorded(action, record, () => client.request(action, params, opts)) };
}
