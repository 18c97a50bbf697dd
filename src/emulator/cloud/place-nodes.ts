import { findInstanceType } from './instance-types.js';
import type { AsyncFailure, ClusterRecord, EmulatorState } from './state.js';
import { hasStock } from './stock.js';
import type { EmulatedNodeSpec } from './types.js';

/**
 * Chooses the ECS instances for every node pool: nodes spread round-robin over the pool's vSwitches,
 * and in each zone the first instance type of the pool's priority list that has stock (as ACK does).
 */
export function placeNodes(
  state: EmulatorState,
  cluster: ClusterRecord,
): { nodes: EmulatedNodeSpec[] } | { failure: AsyncFailure } {
  const plan: { vswitchId: string; zoneId: string; instanceType: string }[] = [];
  for (const pool of cluster.nodepools) {
    const vswitchIds = pool.vswitchIds.length > 0 ? pool.vswitchIds : cluster.vswitchIds;
    for (let i = 0; i < pool.desiredSize; i++) {
      const vswitchId = vswitchIds[i % vswitchIds.length] ?? '';
      const zoneId = state.networks.find(vswitchId)?.zoneId ?? cluster.zoneId;
      const instanceType = pool.instanceTypes.find((t) => hasStock(state.stock.get(cluster.regionId, zoneId, t)));
      if (instanceType === undefined) {
        const statuses = pool.instanceTypes
          .map((t) => `${t} ${state.stock.get(cluster.regionId, zoneId, t) ?? 'NotOnSale'}`)
          .join(', ');
        return {
          failure: noStock(
            `none of the node pool ${pool.name} instance types has stock in zone ${zoneId} (${statuses}); choose another zone or instance type`,
          ),
        };
      }
      plan.push({ vswitchId, zoneId, instanceType });
    }
  }

  const wanted = plan.reduce((sum, p) => sum + (findInstanceType(p.instanceType)?.vcpu ?? 0), 0);
  const used = state
    .liveClusters()
    .filter((c) => c.regionId === cluster.regionId && c !== cluster)
    .flatMap((c) => c.nodes)
    .reduce((sum, n) => sum + n.cpu, 0);
  if (wanted + used > state.quota.ecsVcpuPerRegion) {
    return {
      failure: {
        code: 'QuotaExceed.ElasticQuota',
        message: `The pay-as-you-go vCPU quota in ${cluster.regionId} is exceeded: ${wanted} vCPU requested, ${used} of ${state.quota.ecsVcpuPerRegion} in use. Request more in Quota Center.`,
      },
    };
  }

  const nodes = plan.map((p): EmulatedNodeSpec => {
    const facts = findInstanceType(p.instanceType);
    if (facts === undefined) throw new Error(`instance type ${p.instanceType} vanished from the table`);
    // ACK names nodes <region>.<private IP>.
    return {
      name: `${cluster.regionId}.${state.networks.allocateIp(p.vswitchId)}`,
      instanceType: p.instanceType,
      gpuCount: facts.gpuCount,
      gpuModel: nvidiaName(facts.gpuModel, facts.gpuMemoryGiB),
      gpuMemoryGiB: facts.gpuMemoryGiB,
      cpu: facts.vcpu,
      memoryGiB: facts.memoryGiB,
      zoneId: p.zoneId,
    };
  });
  return { nodes };
}

/** What nvidia-smi calls the catalog's GPU models (the Kubernetes emulator labels nodes with it). */
const NVIDIA_NAMES: Record<string, string> = {
  P100: 'Tesla P100-PCIE-16GB',
  P4: 'Tesla P4',
  T4: 'Tesla T4',
  V100: 'Tesla V100-SXM2-16GB',
  A10: 'NVIDIA A10',
  A100: 'NVIDIA A100-SXM4-40GB',
};

function nvidiaName(model: string, memoryGiB: number): string {
  if (model === 'V100' && memoryGiB >= 32) return 'Tesla V100-SXM2-32GB';
  return NVIDIA_NAMES[model] ?? model;
}

export function noStock(detail: string): AsyncFailure {
  return { code: 'OperationDenied.NoStock', message: `The resource is out of usage. ${detail}` };
}
