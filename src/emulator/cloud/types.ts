/** Public types of the built-in Alibaba Cloud (ACK + ECS) emulator. */

/** One worker node handed to the Kubernetes emulator when a cluster becomes running. */
import type { EmulatedNodeSpec } from '../kube/types.js';
export type { EmulatedNodeSpec };

/** Implemented by the Kubernetes emulator; the cloud emulator registers clusters there once they run. */
export interface KubeRegistry {
  addCluster(spec: { clusterId: string; nodes: EmulatedNodeSpec[] }): { kubeconfig: string };
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
}

export interface FaultInjector {
  inject(spec: FaultSpec): void;
  clear(): void;
}

export interface EmulatorCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

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
}

export interface NodePoolSnapshot {
  name: string;
  instanceTypes: string[];
  vswitchIds: string[];
  desiredSize: number;
  systemDiskCategory: string;
  systemDiskSize: number;
  runtime: string;
}

/** A read-only view of one cluster, for tests and the emulator's own diagnostics. */
export interface ClusterSnapshot {
  clusterId: string;
  name: string;
  regionId: string;
  zoneId: string;
  clusterType: string;
  state: string;
  vpcId: string;
  vswitchIds: string[];
  tags: { key: string; value: string }[];
  snatEntry: boolean;
  endpointPublicAccess: boolean;
  deletionProtection: boolean;
  nodepools: NodePoolSnapshot[];
  nodes: EmulatedNodeSpec[];
  taskIds: string[];
  hasKubeconfig: boolean;
}

export interface NetworkSnapshot {
  regionId: string;
  vpcId: string;
  vswitches: { vswitchId: string; zoneId: string; cidr: string }[];
}

export interface CloudEmulator {
  csEndpoint: string;
  ecsEndpoint: string;
  credentials: EmulatorCredentials;
  faults: FaultInjector;
  setStock(regionId: string, zoneId: string, instanceType: string, statusCategory: StockCategory): void;
  setQuota(partial: Partial<EmulatedQuota>): void;
  clusters(): ClusterSnapshot[];
  /** The default VPC of each region with one vSwitch per zone (usable as `vpcid` + `vswitch_ids`). */
  networks(): NetworkSnapshot[];
  /** Requests per action name, counted once the route is known (including rejected and faulted ones). */
  calls(): Record<string, number>;
  close(): Promise<void>;
}
