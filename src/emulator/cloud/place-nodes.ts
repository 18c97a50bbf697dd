import { findInstanceType } from './instance-types.js';
import type { AsyncFailure, ClusterRecord, EmulatorState, NodePoolRecord } from './state.js';
import { hasStock } from './stock.js';
import type { EmulatedNodeSpec } from './types.js';

interface Placement {
  vswitchId: string;
  zoneId: string;
  instanceType: string;
  nodepoolId: string;
}

/**
 * Where one pool's nodes go. `PRIORITY` (the default) fills the first vSwitch whose zone has one of
 * the pool's instance types in stock and falls back to the next vSwitch only when it has none;
 * `BALANCE` spreads nodes round-robin over the vSwitches that have stock. In each zone the first
 * type of the pool's priority list with stock is used, as ACK does.
 */
function planPool(state: EmulatorState, cluster: ClusterRecord, pool: NodePoolRecord): Placement[] | AsyncFailure {
  const options = pool.vswitchIds.flatMap((vswitchId) => {
    const zoneId = state.networks.find(vswitchId)?.zoneId;
    const instanceType =
      zoneId === undefined ? undefined : pool.instanceTypes.find((t) => hasStock(state.stock.get(cluster.regionId, zoneId, t)));
    return zoneId !== undefined && instanceType !== undefined
      ? [{ vswitchId, zoneId, instanceType, nodepoolId: pool.nodepoolId }]
      : [];
  });
  if (options.length === 0 && pool.desiredSize > 0) {
    const statuses = pool.vswitchIds
      .map((id) => {
        const zoneId = state.networks.find(id)?.zoneId ?? '?';
        return `${zoneId}: ${pool.instanceTypes.map((t) => `${t} ${state.stock.get(cluster.regionId, zoneId, t) ?? 'NotOnSale'}`).join(', ')}`;
      })
      .join('; ');
    return noStock(
      `none of the node pool ${pool.name} instance types has stock in the zones of its vSwitches (${statuses}); choose another zone or instance type`,
    );
  }
  return Array.from({ length: pool.desiredSize }, (_, i) =>
    pool.multiAzPolicy === 'BALANCE' ? (options[i % options.length] as Placement) : (options[0] as Placement),
  );
}

/** Chooses the ECS instances for the given node pools of a cluster, within the region's vCPU quota. */
export function placeNodes(
  state: EmulatorState,
  cluster: ClusterRecord,
  pools: readonly NodePoolRecord[] = cluster.nodepools,
): { nodes: EmulatedNodeSpec[] } | { failure: AsyncFailure } {
  const plan: Placement[] = [];
  for (const pool of pools) {
    const placed = planPool(state, cluster, pool);
    if (!Array.isArray(placed)) return { failure: placed };
    plan.push(...placed);
  }

  const wanted = plan.reduce((sum, p) => sum + (findInstanceType(p.instanceType)?.vcpu ?? 0), 0);
  const used = state
    .liveClusters()
    .filter((c) => c.regionId === cluster.regionId)
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
      nodepoolId: p.nodepoolId,
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
