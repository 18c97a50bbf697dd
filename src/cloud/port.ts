/**
 * The cloud port: the ACK, ECS and VPC operations gpubot needs, in our own vocabulary.
 * The Alibaba adapter maps these onto the CS (ROA), ECS and VPC (RPC) OpenAPIs. Every call about
 * one cluster names the cluster's region, because Alibaba serves a resource only at the endpoint
 * of its region.
 */

/**
 * ACK managed cluster editions (`cluster_spec`) and the limits that come with them. Basic
 * (`ack.standard`) is documented as "personal testing or learning only": at most 2 Basic
 * clusters per account and 10 worker nodes per cluster, and neither can be raised. Pro
 * (`ack.pro.*`) has raisable quotas (100 clusters, 5,000 nodes per cluster by default).
 */
export const CLUSTER_SPECS = ['ack.pro.small', 'ack.pro.xlarge', 'ack.pro.2xlarge', 'ack.pro.4xlarge', 'ack.standard'] as const;
export type ClusterSpec = (typeof CLUSTER_SPECS)[number];

export const DEFAULT_CLUSTER_SPEC: ClusterSpec = 'ack.pro.small';
export const BASIC_SPEC: ClusterSpec = 'ack.standard';

/** What ACK allows for ACK Basic, whatever DescribeUserQuota says. */
export const BASIC_LIMITS = { clusters: 2, workersPerCluster: 10 } as const;

export function isBasic(spec: string | undefined): boolean {
  // ACK treats an empty cluster_spec as Basic.
  return spec === undefined || spec === '' || spec === BASIC_SPEC;
}

/** The largest `<count>` gpubot accepts: the configured limit, and for Basic never above its cap. */
export function workerLimitFor(spec: ClusterSpec, configured: number): number {
  return isBasic(spec) ? Math.min(configured, BASIC_LIMITS.workersPerCluster) : configured;
}

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
  | 'inactive'
  | 'unavailable'
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

/** Names one cluster where Alibaba serves it: the cluster's own region. */
export interface ClusterRef {
  readonly regionId: string;
  readonly clusterId: string;
}

export interface ClusterSummary extends ClusterRef {
  readonly name: string;
  readonly state: ClusterState;
  readonly clusterType: string;
  /** The edition (`ack.pro.small`, `ack.standard`...), when ACK reports it. */
  readonly clusterSpec?: string;
  /** Masters plus workers as reported by ACK (managed clusters count workers only). */
  readonly size: number;
  readonly tags: readonly Tag[];
  readonly created?: string;
  readonly zoneId?: string;
  /** The network, when the listing gives it (DescribeClustersForRegion has `vpc_id`, `vswitch_ids`, `security_group_id`). */
  readonly vpcId?: string;
  readonly vswitchIds?: readonly string[];
  readonly securityGroupId?: string;
}

export interface ClusterDetail extends ClusterSummary {
  /** The cluster's vSwitches (control plane and, when ACK made the VPC, one per zone it was given). */
  readonly vswitchIds: readonly string[];
  readonly apiServerEndpoint?: string;
}

/**
 * The network of a new cluster: a VPC ACK creates with one vSwitch in each of `zoneIds`, or an
 * existing VPC and vSwitches.
 */
export type ClusterNetwork =
  | { readonly kind: 'new'; readonly zoneIds: readonly string[] }
  | { readonly kind: 'existing'; readonly vpcId: string; readonly vswitchIds: readonly string[] };

/** A cluster without workers: they come in a node pool created once the cluster runs. */
/** The container network: Flannel (no NetworkPolicy), or Terway with its NetworkPolicy agent on these pod vSwitches. */
export type ClusterNetworkPlugin =
  { readonly kind: 'flannel' } | { readonly kind: 'terway'; readonly podVswitchIds: readonly string[] };

export interface CreateClusterSpec {
  readonly name: string;
  readonly regionId: string;
  readonly clusterSpec: ClusterSpec;
  readonly network: ClusterNetwork;
  /** Flannel when absent. */
  readonly networkPlugin?: ClusterNetworkPlugin;
  readonly tags: readonly Tag[];
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

export interface VSwitch {
  readonly vswitchId: string;
  readonly vpcId: string;
  readonly zoneId: string;
  /** `Available` once usable, `Pending` while being created. */
  readonly status: string;
  readonly cidrBlock?: string;
}

/** A pay-as-you-go node pool of one instance type, placed only on the given vSwitches. */
export interface NodePoolSpec {
  readonly name: string;
  readonly instanceType: string;
  readonly desiredSize: number;
  readonly systemDiskCategory: string;
  /** In priority order: nodes go to the first zone that can take them, the others are fallbacks. */
  readonly vswitchIds: readonly string[];
  readonly tags: readonly Tag[];
  /** The cluster's security group, when known. */
  readonly securityGroupId?: string;
}

/** `status.state` of a node pool: `active` once its nodes are in place. */
export type NodePoolState = 'active' | 'scaling' | 'removing' | 'deleting' | 'updating' | 'initial' | 'failed' | (string & {});

export interface NodePool {
  readonly nodepoolId: string;
  readonly name: string;
  readonly state: NodePoolState;
  readonly vswitchIds: readonly string[];
  readonly desiredSize: number;
  readonly totalNodes: number;
  readonly healthyNodes: number;
  readonly failedNodes: number;
}

/** One worker of a node pool: its ECS instance and its Kubernetes node name. */
export interface PoolNode {
  readonly instanceId: string;
  readonly nodeName: string;
  /** `running`, `removing`, `initial`, `failed`… as DescribeClusterNodes says. */
  readonly state: string;
}

/** What one instance of a type costs for an hour, pay-as-you-go, after the account's discounts. */
export interface InstancePrice {
  readonly perHour: number;
  /** The account's currency: CNY on the China site, USD on the international site. */
  readonly currency: string;
}

export interface CloudProvider {
  getQuota(): Promise<AccountQuota>;
  /** Every cluster in the region (all pages). */
  listClusters(regionId: string): Promise<ClusterSummary[]>;
  /** Undefined when the cluster does not exist (404 ErrorClusterNotFound). */
  describeCluster(cluster: ClusterRef): Promise<ClusterDetail | undefined>;
  createCluster(spec: CreateClusterSpec): Promise<{ clusterId: string; taskId?: string }>;
  describeTask(regionId: string, taskId: string): Promise<TaskInfo>;
  /** Recent cluster log lines, newest last; used to explain failures. */
  clusterLogs(cluster: ClusterRef): Promise<string[]>;
  /** The kubeconfig YAML. A secret: never log it, never store it. */
  getKubeconfig(cluster: ClusterRef): Promise<string>;
  /** Starts deletion; resolves false when the cluster was already gone. */
  deleteCluster(cluster: ClusterRef): Promise<boolean>;
  /**
   * Sets the cluster's tags (ModifyClusterTags). Pass every tag the cluster keeps: whether ACK
   * merges or replaces the set is not documented, so the whole set is always sent.
   */
  setClusterTags(cluster: ClusterRef, tags: readonly Tag[]): Promise<void>;
  /** ECS DescribePrice: one pay-as-you-go instance of the type (with its system disk) for an hour. */
  instancePrice(regionId: string, instanceType: string): Promise<InstancePrice>;
  /** Zones of the region and whether the instance type is in stock there (pay-as-you-go). */
  instanceTypeStock(regionId: string, instanceType: string): Promise<ZoneStock[]>;
  /** Every vSwitch of a VPC, with its zone (VPC DescribeVSwitches). */
  listVSwitches(regionId: string, vpcId: string): Promise<VSwitch[]>;
  createNodePool(cluster: ClusterRef, spec: NodePoolSpec): Promise<{ nodepoolId: string; taskId?: string }>;
  /** The cluster's node pool of that name, if there is one. */
  findNodePool(cluster: ClusterRef, name: string): Promise<NodePool | undefined>;
  /** Undefined when the node pool does not exist. */
  describeNodePool(cluster: ClusterRef, nodepoolId: string): Promise<NodePool | undefined>;
  /** ScaleClusterNodePool: `count` more nodes (not the new size); the task to follow. */
  scaleOutNodePool(cluster: ClusterRef, nodepoolId: string, count: number): Promise<{ taskId?: string }>;
  /** RemoveNodePoolNodes: these nodes are drained, removed and their instances released; the pool shrinks with them. */
  removeNodePoolNodes(cluster: ClusterRef, nodepoolId: string, instanceIds: readonly string[]): Promise<{ taskId?: string }>;
  /** DescribeClusterNodes of one node pool (all pages). */
  listPoolNodes(cluster: ClusterRef, nodepoolId: string): Promise<PoolNode[]>;
}
