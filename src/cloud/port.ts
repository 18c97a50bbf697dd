/**
 * The cloud port: the ACK and ECS operations gpubot needs, in our own vocabulary.
 * The Alibaba adapter maps these onto the CS (ROA) and ECS (RPC) OpenAPIs.
 */

export interface AccountQuota {
  /** Clusters allowed in the account (all regions), from DescribeUserQuota. */
  readonly clusters: number;
  /** Managed (ACK) clusters allowed, when the account reports it. */
  readonly managedClusters?: number;
  /** Nodes allowed per cluster. */
  readonly nodesPerCluster: number;
  readonly nodePoolsPerCluster?: number;
}

export type ClusterState =
  | 'initial'
  | 'running'
  | 'failed'
  | 'updating'
  | 'updating_failed'
  | 'scaling'
  | 'waiting'
  | 'disconnected'
  | 'stopped'
  | 'deleting'
  | 'deleted'
  | 'delete_failed'
  | 'migrating'
  | (string & {});

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface ClusterSummary {
  readonly clusterId: string;
  readonly name: string;
  readonly regionId: string;
  readonly state: ClusterState;
  readonly clusterType: string;
  /** Masters plus workers as reported by ACK (managed clusters count workers only). */
  readonly size: number;
  readonly tags: readonly Tag[];
  readonly created?: string;
  readonly zoneId?: string;
}

export interface ClusterDetail extends ClusterSummary {
  readonly vpcId?: string;
  readonly apiServerEndpoint?: string;
}

export interface CreateClusterSpec {
  readonly name: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly instanceType: string;
  readonly workerCount: number;
  readonly systemDiskCategory: string;
  readonly tags: readonly Tag[];
  /** Existing network to use; when absent ACK creates a VPC in zoneId. */
  readonly vpcId?: string;
  readonly vswitchIds?: readonly string[];
  readonly kubernetesVersion?: string;
}

export interface TaskStage {
  readonly state: string;
  readonly message?: string;
}

/**
 * What a cloud failure means, in the port's words; the adapter classifies its own error codes.
 * GpubotErrors from the adapter carry the same meaning as their code, `cloud.<failure>`.
 */
export const CLOUD_FAILURES = [
  'throttled',
  'unavailable',
  'name_taken',
  'credentials',
  'not_found',
  'forbidden',
  'balance',
  'quota',
  'stock',
  'rejected',
] as const;
export type CloudFailure = (typeof CLOUD_FAILURES)[number];

export interface TaskInfo {
  readonly taskId: string;
  readonly state: 'running' | 'success' | 'failed' | (string & {});
  readonly currentStage?: string;
  readonly stages: readonly TaskStage[];
  /** The cloud's own code and message, and what they mean. */
  readonly error?: { readonly code: string; readonly message: string; readonly failure: CloudFailure };
}

export type StockStatus = 'WithStock' | 'ClosedWithStock' | 'WithoutStock' | 'ClosedWithoutStock' | (string & {});

export interface ZoneStock {
  readonly zoneId: string;
  readonly status: StockStatus;
  readonly available: boolean;
}

export interface CloudProvider {
  getQuota(): Promise<AccountQuota>;
  /** Every cluster in the region (all pages). */
  listClusters(regionId: string): Promise<ClusterSummary[]>;
  /** Undefined when the cluster does not exist (404 ErrorClusterNotFound). */
  describeCluster(clusterId: string): Promise<ClusterDetail | undefined>;
  createCluster(spec: CreateClusterSpec): Promise<{ clusterId: string; taskId?: string }>;
  describeTask(taskId: string): Promise<TaskInfo>;
  /** Recent cluster log lines, newest last; used to explain failures. */
  clusterLogs(clusterId: string): Promise<string[]>;
  /** The kubeconfig YAML. A secret: never log it, never store it. */
  getKubeconfig(clusterId: string): Promise<string>;
  /** Starts deletion; resolves false when the cluster was already gone. */
  deleteCluster(clusterId: string): Promise<boolean>;
  /** Zones of the region and whether the instance type is in stock there (pay-as-you-go). */
  instanceTypeStock(regionId: string, instanceType: string): Promise<ZoneStock[]>;
}
