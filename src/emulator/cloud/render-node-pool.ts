import { formatAckTime } from './ids.js';
import type { ClusterRecord, NodePoolRecord } from './state.js';

/** One node pool as DescribeClusterNodePools / DescribeClusterNodePoolDetail answer it (SDK model fields). */
export function renderNodePool(cluster: ClusterRecord, pool: NodePoolRecord): Record<string, unknown> {
  const healthy = pool.nodeNames.length;
  const initial = pool.state === 'initial' || pool.state === 'scaling' ? Math.max(0, pool.desiredSize - healthy) : 0;
  return {
    nodepool_info: {
      nodepool_id: pool.nodepoolId,
      name: pool.name,
      type: 'ess',
      is_default: false,
      region_id: cluster.regionId,
      resource_group_id: cluster.resourceGroupId,
      created: formatAckTime(pool.created),
      updated: formatAckTime(pool.updated),
    },
    scaling_group: {
      instance_types: [...pool.instanceTypes],
      vswitch_ids: [...pool.vswitchIds],
      multi_az_policy: pool.multiAzPolicy,
      desired_size: pool.desiredSize,
      instance_charge_type: pool.instanceChargeType,
      system_disk_category: pool.systemDiskCategory,
      system_disk_size: pool.systemDiskSize,
      security_group_ids: pool.securityGroupIds.length > 0 ? [...pool.securityGroupIds] : [cluster.securityGroupId],
    },
    kubernetes_config: { runtime: pool.runtime },
    status: {
      state: pool.state,
      total_nodes: healthy + pool.failedNodes + initial,
      healthy_nodes: healthy,
      serving_nodes: healthy,
      failed_nodes: pool.failedNodes,
      initial_nodes: initial,
      offline_nodes: 0,
      removing_nodes: pool.state === 'removing' ? Math.max(0, healthy - pool.desiredSize) : 0,
    },
  };
}
