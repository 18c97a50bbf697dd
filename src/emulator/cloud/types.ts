/** Public types of the built-in Alibaba Cloud (ACK + ECS) emulator. */

/** One worker node handed to the Kubernetes emulator when a cluster becomes running. */
import type { EmulatedClusterSpec, EmulatedNodeSpec } from '../kube/types.js';
export type { EmulatedNodeSpec };

/** Implemented by the Kubernetes emulator; the cloud emulator registers clusters there once they run. */
export interface KubeRegistry {
  addCluster(spec: EmulatedClusterSpec): { kubeconfig: string };
  /** Nodes of a node pool created after the cluster. */
  addNodes(clusterId: string, nodes: EmulatedNodeSpec[]): void;
  /** Nodes of a node pool that scaled in: drained and gone. */
  removeNodes(clusterId: string, names: readonly string[]): void;
  removeCluster(clusterId: string): void;
}

export type StockCategory = 'WithStock' | 'ClosedWithStock' | 'WithoutStock' | 'ClosedWithoutStock';

export type FaultKind = 'throttle' | 'server-error' | 'quota' | 'stock-out' | 'forbidden' | 'insufficient-balance';

export interface FaultSpec {
  /** An ACK/ECS action name (e.g. `CreateCluster`, `DescribeAvailableResource`) or `*` for every action. */
  api: string;
  fault: FaultKind;
  /** How many calls the fault hits; unlimited until `clear()` when absent. */
  times?: number;
  /** The share of matching calls it hits (a fixed, seeded sequence: the same calls each run); all when absent. */
  rate?: number;
  seed?: number;
}

export interface FaultInjector {
  inject(spec: FaultSpec): void;
  clear(): void;
  /** How many calls a fault was applied to so far. */
  fired(): number;
}

export interface EmulatorCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** STS credentials: accepted until they expire, then refused with InvalidSecurityToken.Expired. */
export interface TemporaryCredentials extends EmulatorCredentials {
  securityToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** The credentials an AccessKeyId stands for, if the emulated account knows it. */
export type CredentialLookup = (accessKeyId: string) => EmulatorCredentials | TemporaryCredentials | undefined;

/** Account quotas, reported by DescribeUserQuota and enforced on CreateCluster. */
export interface EmulatedQuota {
  /** `cluster_quota`: clusters per account, all regions. */
  clusters: number;
  /** `amk_cluster_quota`: managed clusters per account. */
  managedClusters: number;
  /** `ask_cluster_quota`: serverless clusters (reported only). */
  serverlessClusters: number;
  /** `node_quota`: nodes per cluster. */
  nodesPerCluster: number;
  /** `cluster_nodepool_quota`: node pools per cluster. */
  nodePoolsPerCluster: number;
  /** ECS pay-as-you-go vCPU quota per region; exceeding it fails the ECS stage with QuotaExceed.ElasticQuota. */
  ecsVcpuPerRegion: number;
}

export interface RegionSpec {
  regionId: string;
  zoneIds: string[];
}

type LogFn = (obj: object, msg?: string) => void;

export interface EmulatorLogger {
  info: LogFn;
  warn: LogFn;
  debug: LogFn;
}

export interface CloudEmulatorOptions {
  kube: KubeRegistry;
  /** Emulated seconds per real second (default 60: a ~10 min creation takes ~10 s). */
  timeScale?: number;
  /** Random when absent; read them back from `CloudEmulator.credentials`. */
  credentials?: EmulatorCredentials;
  /** Regions and their zones; defaults to cn-hangzhou, cn-beijing, cn-shanghai, cn-shenzhen. */
  regions?: RegionSpec[];
  quota?: Partial<EmulatedQuota>;
  logger?: EmulatorLogger;
  /** Emulated seconds a deleted cluster still answers `state: deleted` before it is not found (default 120). */
  deletedVisibleSeconds?: number;
}

export interface NodePoolSnapshot {
  nodepoolId: string;
  name: string;
  state: string;
  instanceTypes: string[];
  vswitchIds: string[];
  /** The zone of each vSwitch, in the same order. */
  zoneIds: string[];
  multiAzPolicy: string;
  desiredSize: number;
  systemDiskCategory: string;
  systemDiskSize: number;
  runtime: string;
  /** When the pool was requested (epoch ms). */
  createdAt: number;
  /** When the pool became active (epoch ms); absent until then. */
  activeAt?: number;
}

/** A read-only view of one cluster, for tests and the emulator's own diagnostics. */
export interface ClusterSnapshot {
  clusterId: string;
  name: string;
  regionId: string;
  zoneId: string;
  clusterType: string;
  clusterSpec: string;
  state: string;
  vpcId: string;
  vswitchIds: string[];
  /** The zone of each vSwitch, in the same order. */
  zoneIds: string[];
  tags: { key: string; value: string }[];
  /** The CNI CreateCluster chose: Flannel, or Terway with or without its NetworkPolicy agent. */
  networkPlugin: { plugin: 'flannel' | 'terway'; networkPolicy: boolean };
  snatEntry: boolean;
  endpointPublicAccess: boolean;
  deletionProtection: boolean;
  nodepools: NodePoolSnapshot[];
  nodes: EmulatedNodeSpec[];
  taskIds: string[];
  hasKubeconfig: boolean;
  /** When CreateCluster made it (epoch ms). */
  createdAt: number;
  /** When the cluster became running (epoch ms); absent until then. */
  runningAt?: number;
}

export interface NetworkSnapshot {
  regionId: string;
  vpcId: string;
  vswitches: { vswitchId: string; zoneId: string; cidr: string }[];
}

/** One request as an endpoint saw it. */
export interface JournalEntry {
  service: 'cs' | 'ecs' | 'vpc';
  /** The region of the endpoint called; undefined for the central endpoint. */
  endpointRegion: string | undefined;
  action: string;
  /** CS: the path without the region prefix (`/clusters/<id>`); RPC: `/`. */
  path: string;
}

export interface CloudEmulator {
  /** The central endpoints (every region); `<endpoint>/<region>` is a region's own endpoint. */
  csEndpoint: string;
  ecsEndpoint: string;
  vpcEndpoint: string;
  /** The regional endpoints as `{region}` templates, the form GPUBOT_*_ENDPOINT takes. */
  endpointTemplates: { cs: string; ecs: string; vpc: string };
  credentials: EmulatorCredentials;
  /** Accepts STS credentials (as STS would have issued them) until their expiry. */
  acceptTemporaryCredentials(credentials: TemporaryCredentials): void;
  faults: FaultInjector;
  setStock(regionId: string, zoneId: string, instanceType: string, statusCategory: StockCategory): void;
  setQuota(partial: Partial<EmulatedQuota>): void;
  clusters(): ClusterSnapshot[];
  /** The default VPC of each region with one vSwitch per zone (usable as `vpcid` + `vswitch_ids`). */
  networks(): NetworkSnapshot[];
  /** A further vSwitch in a VPC (e.g. Terway's pod vSwitches); returns its id. */
  addVSwitch(vpcId: string, zoneId: string): string;
  /** Requests per action name, counted once the route is known (including rejected and faulted ones). */
  calls(): Record<string, number>;
  /** Every request, in order, with the endpoint (region) it was sent to. */
  journal(): JournalEntry[];
  close(): Promise<void>;
}
