/**
 * The resources gpubot counts, named `<kind>` or `<kind>:<scope>`. Amounts are whole numbers in
 * each kind's unit (clusters, nodes, GPUs, notebooks, GPU-minutes, the currency's smallest unit).
 */
export const RESOURCE_KINDS = [
  /** Live clusters in the account (every region), against the ACK cluster quota. */
  'account-clusters',
  /** Live managed (ACK) clusters in the account, against the managed-cluster quota. */
  'managed-clusters',
  /** Live ACK Basic clusters in the account, against Basic's fixed cap of 2. */
  'basic-clusters',
  /** Worker nodes of one cluster, against the per-cluster node limit. */
  'cluster-nodes',
  /** GPUs of one cluster that notebooks ask for, against what its nodes expose. */
  'cluster-gpus',
  /** Per user: GPUs in live clusters, live clusters, notebooks, GPU-minutes started per day. */
  'user-gpus',
  'user-clusters',
  'user-notebooks',
  'user-gpu-minutes',
  /** Per workspace (a Slack team, a DingTalk organisation): live GPUs, spend per day. */
  'workspace-gpus',
  'workspace-spend',
] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** A calendar day, `YYYY-MM-DD`, that scopes a daily budget. */
export type Day = `${number}-${number}-${number}`;

export const accountClusters = (): string => 'account-clusters';
export const managedClusters = (): string => 'managed-clusters';
export const basicClusters = (): string => 'basic-clusters';
/** `cluster` is the cluster id, or before it exists the request that creates it. */
export const clusterNodes = (cluster: string): string => `cluster-nodes:${cluster}`;
export const clusterGpus = (clusterId: string): string => `cluster-gpus:${clusterId}`;
/** `owner` is `<platform>:<user id>` (queue/request.ts ownerOf). */
export const userGpus = (owner: string): string => `user-gpus:${owner}`;
export const userClusters = (owner: string): string => `user-clusters:${owner}`;
export const userNotebooks = (owner: string): string => `user-notebooks:${owner}`;
export const userGpuMinutes = (owner: string, day: Day): string => `user-gpu-minutes:${day}:${owner}`;
export const workspaceGpus = (workspace: string): string => `workspace-gpus:${workspace}`;
export const workspaceSpend = (workspace: string, day: Day): string => `workspace-spend:${day}:${workspace}`;

/** The day of a timestamp in UTC, for the daily kinds. */
export function dayOf(timestamp: number): Day {
  return new Date(timestamp).toISOString().slice(0, 10) as Day;
}

export interface ParsedResource {
  readonly kind: ResourceKind;
  /** Everything after the kind: a cluster, an owner, `<day>:<owner>`; empty for account-wide kinds. */
  readonly scope: string;
}

/** Splits a resource name; undefined for a name no builder above makes. */
export function parseResource(resource: string): ParsedResource | undefined {
  const colon = resource.indexOf(':');
  const kind = colon < 0 ? resource : resource.slice(0, colon);
  if (!(RESOURCE_KINDS as readonly string[]).includes(kind)) return undefined;
  return { kind: kind as ResourceKind, scope: colon < 0 ? '' : resource.slice(colon + 1) };
}
