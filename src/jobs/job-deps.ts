import type { ClusterNetworkPlugin, ClusterSpec } from '../cloud/port.js';

/**
 * Pieces of configuration the job factories share. Each job declares the dependencies it uses
 * (provision-cluster.ts, delete-cluster.ts, report-clusters.ts, notebook/notebook-deps.ts); the
 * composition root hands each only those.
 */
export interface ClusterSettings {
  /** The ACK edition of new clusters (GPUBOT_CLUSTER_SPEC). */
  readonly clusterSpec: ClusterSpec;
  /** A configured VPC (GPUBOT_VPC_ID) and its vSwitches, used for clusters in `vpcRegionId`; elsewhere ACK creates a VPC. */
  readonly vpcId?: string;
  readonly vpcRegionId?: string;
  readonly vswitchIds: readonly string[];
  readonly kubernetesVersion?: string;
  /** GPUBOT_NETWORK_PLUGIN: Flannel when absent; Terway only in the configured VPC. */
  readonly networkPlugin?: ClusterNetworkPlugin;
  readonly clusterTimeoutMs: number;
  readonly maxNodesPerCluster: number;
}

/** The regions gpubot works in (GPUBOT_REGIONS): where `list`, `status` and lookups by name search. */
export type Regions = readonly string[];

/** GPUBOT_ADMINS: who may manage anyone's clusters and notebooks. */
export interface Admins {
  readonly admins: readonly string[];
}
