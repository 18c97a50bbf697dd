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

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

/**
 * Where credentials come from: called before every request, so keys that rotate (STS, RRSA) are
 * picked up without rebuilding clients. The composition root decides what stands behind it.
 */
export type CredentialsProvider = () => Promise<Credentials>;

/** The clients of one region. */
export interface RegionClients {
  /** Container Service for Kubernetes (CS): ROA, API version 2015-12-15. */
  readonly cs: RoaClient;
  /** ECS: RPC, API version 2014-05-26. */
  readonly ecs: RpcClient;
  /** VPC: RPC, API version 2016-04-28. */
  readonly vpc: RpcClient;
}

export type ClientsFor = (regionId: string) => RegionClients;

interface PopConfig {
  endpoint: string;
  apiVersion: string;
  credentialsProvider: { getCredentials(): Promise<Credentials> };
}

interface PopCore {
  ROAClient: new (config: PopConfig) => RoaClient;
  RPCClient: new (config: PopConfig) => RpcClient;
}

const popCore = createRequire(import.meta.url)('@alicloud/pop-core') as PopCore;

/** `{region}` in a template is the region of the call (`https://cs.{region}.aliyuncs.com`). */
export function regionalEndpoint(template: string, regionId: string): string {
  return template.split('{region}').join(regionId).replace(/\/+$/, '');
}

/**
 * Builds (once per region, then reuses) the clients for a region's endpoints. Alibaba serves a
 * resource only at the endpoint of its region, so callers pick the region of what they touch.
 */
export function createClientsFactory(
  endpoints: { readonly cs: string; readonly ecs: string; readonly vpc: string },
  credentials: CredentialsProvider,
): ClientsFor {
  const provider = { getCredentials: credentials };
  const cache = new Map<string, RegionClients>();
  return (regionId) => {
    let clients = cache.get(regionId);
    if (!clients) {
      const at = (template: string, apiVersion: string): PopConfig => ({
        endpoint: regionalEndpoint(template, regionId),
        apiVersion,
        credentialsProvider: provider,
      });
      clients = {
        cs: new popCore.ROAClient(at(endpoints.cs, '2015-12-15')),
        ecs: new popCore.RPCClient(at(endpoints.ecs, '2014-05-26')),
        vpc: new popCore.RPCClient(at(endpoints.vpc, '2016-04-28')),
      };
      cache.set(regionId, clients);
    }
    return clients;
  };
}

/** The provider for keys fixed in configuration. */
export function staticCredentials(credentials: Credentials): CredentialsProvider {
  const frozen = Object.freeze({ ...credentials });
  return () => Promise.resolve(frozen);
}
