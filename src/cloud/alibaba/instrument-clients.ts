import { describePopError } from './map-cloud-error.js';
import type { ClientsFor, RegionClients, RoaClient, RpcClient } from './pop-clients.js';

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

/** An RPC (ECS, VPC) client that reports each call by its action. */
export function instrumentRpc(client: RpcClient, record: CallRecorder): RpcClient {
  return { request: (action, params, opts) => recorded(action, record, () => client.request(action, params, opts)) };
}

/** Every region's clients, each call reported (the instrumented clients are built once per region). */
export function instrumentClients(clientsFor: ClientsFor, record: CallRecorder): ClientsFor {
  const cache = new Map<string, RegionClients>();
  return (regionId) => {
    let clients = cache.get(regionId);
    if (!clients) {
      const plain = clientsFor(regionId);
      clients = {
        cs: instrumentRoa(plain.cs, record),
        ecs: instrumentRpc(plain.ecs, record),
        vpc: instrumentRpc(plain.vpc, record),
      };
      cache.set(regionId, clients);
    }
    return clients;
  };
}
