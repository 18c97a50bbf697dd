import { createRequire } from 'node:module';

/** Typed view of the parts of `@alicloud/pop-core` we use (its own typings only cover RPCClient). */
export interface RoaClient {
  request(
    method: string,
    path: string,
    query?: Record<string, string>,
    body?: string,
    headers?: Record<string, string>,
    opts?: { timeout?: number },
  ): Promise<unknown>;
}

export interface RpcClient {
  request(
    action: string,
    params: Record<string, unknown>,
    opts?: { method?: 'GET' | 'POST'; timeout?: number },
  ): Promise<unknown>;
}

interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

interface PopCore {
  ROAClient: new (config: Credentials & { endpoint: string; apiVersion: string }) => RoaClient;
  RPCClient: new (config: Credentials & { endpoint: string; apiVersion: string }) => RpcClient;
}

const popCore = createRequire(import.meta.url)('@alicloud/pop-core') as PopCore;

function trimEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}

/** Container Service for Kubernetes (CS) speaks ROA, API version 2015-12-15. */
export function createCsClient(endpoint: string, credentials: Credentials): RoaClient {
  return new popCore.ROAClient({ ...credentials, endpoint: trimEndpoint(endpoint), apiVersion: '2015-12-15' });
}

/** ECS speaks RPC, API version 2014-05-26. */
export function createEcsClient(endpoint: string, credentials: Credentials): RpcClient {
  return new popCore.RPCClient({ ...credentials, endpoint: trimEndpoint(endpoint), apiVersion: '2014-05-26' });
}
