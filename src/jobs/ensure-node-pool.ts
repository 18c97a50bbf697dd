import { defaultSystemDisk } from '../catalog/gpu-catalog.js';
import type { CloudProvider, ClusterDetail, VSwitch } from '../cloud/port.js';
import type { ResolvedClusterCreate } from '../commands/types.js';
import { GpubotError, UserFacingError } from '../errors.js';
import { text } from '../i18n/text.js';
import type { SharedCache } from '../shared-cache/shared-cache.js';
import { cachedVSwitches } from './cached-vswitches.js';
import { tagsFor } from './cluster-tags.js';
import type { NodePoolIds } from './check-node-pool.js';
import type { JobContext } from './job-context.js';
import { vswitchesInZones } from './plan-network.js';
import type { ProgressTracker } from './progress-tracker.js';
import type { Wait } from './wait.js';

/** The GPU workers' node pool; one per gpubot cluster, found again by this name after a crash. */
export const GPU_POOL_NAME = 'gpubot-gpu';

export interface EnsureNodePoolDeps {
  readonly cloud: Pick<CloudProvider, 'listVSwitches' | 'findNodePool' | 'createNodePool'>;
  /** vSwitch descriptions, shared per VPC: the pools of a burst in a configured VPC read them once. */
  readonly cache: SharedCache;
}

/**
 * The vSwitches the GPU pool may use, in priority order, with their zones: the cluster's own
 * vSwitches (ACK made the VPC) or the configured ones pre-flight chose, but only in zones where
 * the type was in stock. VPC DescribeVSwitches says which zone each vSwitch is in.
 */
async function poolVswitches(context: JobContext, deps: EnsureNodePoolDeps, cluster: ClusterDetail): Promise<VSwitch[]> {
  const stockZones = context.checkpoint.stockZoneIds ?? (context.checkpoint.zoneId ? [context.checkpoint.zoneId] : []);
  if (!cluster.vpcId)
    throw new GpubotError('nodepool.no_vpc', `cluster ${cluster.clusterId} reports no vpc_id`, { retryable: true });
  // A configured VPC is shared by every create; one ACK made for this cluster is read by it alone.
  const source = context.checkpoint.poolVswitchIds ? cachedVSwitches(deps) : deps.cloud;
  const all = await source.listVSwitches(cluster.regionId, cluster.vpcId);
  const candidates = all.filter((vs) => (context.checkpoint.poolVswitchIds ?? cluster.vswitchIds).includes(vs.vswitchId));
  const ordered = vswitchesInZones(candidates, stockZones);
  if (ordered.length === 0) {
    throw new UserFacingError(
      'nodepool.no_vswitch',
      text('cluster.error.noPoolVswitch', {
        clusterId: cluster.clusterId,
        zones: [...new Set(candidates.map((vs) => vs.zoneId))].join(', ') || '-',
        stockZones: stockZones.join(', '),
      }),
    );
  }
  return ordered.flatMap((id) => all.filter((vs) => vs.vswitchId === id));
}

/**
 * Finds the GPU node pool this request already created (by checkpoint; by name when an earlier
 * run sent CreateClusterNodePool and may have lost its answer), or creates it on explicit vSwitches
 * in zones with stock. A transient failure comes back later (a Wait) to look by name and try again.
 */
export async function ensureNodePool(
  context: JobContext,
  deps: EnsureNodePoolDeps,
  progress: ProgressTracker,
  command: ResolvedClusterCreate,
  cluster: ClusterDetail,
): Promise<NodePoolIds | Wait> {
  const { nodepoolId, nodepoolTaskId, nodepoolRequested } = context.checkpoint;
  if (nodepoolId) return { nodepoolId, ...(nodepoolTaskId ? { taskId: nodepoolTaskId } : {}) };
  const existing = nodepoolRequested ? await deps.cloud.findNodePool(cluster, GPU_POOL_NAME) : undefined;
  if (existing) {
    await context.save({ nodepoolId: existing.nodepoolId });
    await progress.done('nodepool', text('cluster.nodepool.adopted', { nodepoolId: existing.nodepoolId }));
    return { nodepoolId: existing.nodepoolId };
  }
  const vswitches = await poolVswitches(context, deps, cluster);
  const placement = {
    zones: [...new Set(vswitches.map((vs) => vs.zoneId))].join(', '),
    vswitches: vswitches.map((vs) => vs.vswitchId).join(', '),
  };
  await progress.detail('nodepool', text('cluster.nodepool.planned', placement));
  // Saved before the call: if its answer is lost (or this worker dies), the next run looks by name first.
  if (!nodepoolRequested) await context.save({ nodepoolRequested: true });
  try {
    const created = await deps.cloud.createNodePool(cluster, {
      name: GPU_POOL_NAME,
      instanceType: command.instanceType,
      desiredSize: command.count,
      systemDiskCategory: defaultSystemDisk(command.instanceType),
      vswitchIds: vswitches.map((vs) => vs.vswitchId),
      tags: tagsFor(context.request),
      ...(cluster.securityGroupId ? { securityGroupId: cluster.securityGroupId } : {}),
    });
    await context.save({ nodepoolId: created.nodepoolId, ...(created.taskId ? { nodepoolTaskId: created.taskId } : {}) });
    await progress.done('nodepool', text('cluster.nodepool.created', { nodepoolId: created.nodepoolId, ...placement }));
    return { nodepoolId: created.nodepoolId, ...(created.taskId ? { taskId: created.taskId } : {}) };
  } catch (error) {
    if (!(error instanceof GpubotError && error.retryable)) throw error;
    context.log.warn({ code: error.code }, 'CreateClusterNodePool failed transiently; checking by name before trying again');
    return context.retryLater('nodepool', error);
  }
}
