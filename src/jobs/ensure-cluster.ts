import { GpubotError, UserFacingError } from '../errors.js';
import type { ClusterNetwork, ClusterNetworkPlugin, ClusterRef } from '../cloud/port.js';
import type { ClusterCreate } from '../commands/types.js';
import { text } from '../i18n/text.js';
import { tagsFor } from './cluster-tags.js';
import { findByRequest } from './find-clusters.js';
import type { JobContext, JobDeps } from './job-context.js';
import type { ProgressTracker } from './progress-tracker.js';

/** The network pre-flight planned: a VPC ACK creates in the stock zones, or the configured one. */
function networkOf(context: JobContext, deps: JobDeps): ClusterNetwork {
  const { poolVswitchIds, clusterZoneIds, zoneId } = context.checkpoint;
  if (poolVswitchIds && deps.settings.vpcId) {
    return { kind: 'existing', vpcId: deps.settings.vpcId, vswitchIds: deps.settings.vswitchIds };
  }
  return { kind: 'new', zoneIds: clusterZoneIds ?? (zoneId ? [zoneId] : []) };
}

/**
 * Terway needs pod vSwitches of the configured VPC: a cluster in a region where ACK makes the VPC
 * cannot have them, and is refused rather than silently made without NetworkPolicy.
 */
function networkPluginFor(context: JobContext, deps: JobDeps, regionId: string): { networkPlugin?: ClusterNetworkPlugin } {
  const plugin = deps.settings.networkPlugin;
  if (plugin?.kind !== 'terway') return {};
  if (networkOf(context, deps).kind === 'existing') return { networkPlugin: plugin };
  throw new UserFacingError('cluster.terway_needs_vpc', text('cluster.error.terwayNeedsVpc', { region: regionId }));
}

/**
 * Finds the cluster this request already created (a crash or a lost answer), or creates it: a
 * cluster of the configured edition without workers, in the region the request names. The lookup
 * by request tag runs before every create attempt, so one request never makes two clusters.
 */
export async function ensureCluster(
  context: JobContext,
  deps: JobDeps,
  progress: ProgressTracker,
  command: ClusterCreate,
): Promise<ClusterRef & { taskId?: string }> {
  const regionId = command.region as string;
  const { clusterId, taskId } = context.checkpoint;
  if (clusterId) {
    if (progress.stateOf('create') !== 'done') await progress.done('create', text('cluster.create.adopted', { clusterId }));
    return { regionId, clusterId, ...(taskId ? { taskId } : {}) };
  }
  for (let attempt = 1; ; attempt += 1) {
    const existing = await findByRequest(deps.cloud, regionId, context.request.requestId);
    if (existing) {
      await context.save({ regionId, clusterId: existing.clusterId, createdAt: deps.now() });
      await progress.done('create', text('cluster.create.adopted', { clusterId: existing.clusterId }));
      return { regionId, clusterId: existing.clusterId };
    }
    try {
      const created = await deps.cloud.createCluster({
        name: command.name as string,
        regionId,
        clusterSpec: deps.settings.clusterSpec,
        network: networkOf(context, deps),
        ...networkPluginFor(context, deps, regionId),
        tags: tagsFor(context.request),
        ...(deps.settings.kubernetesVersion ? { kubernetesVersion: deps.settings.kubernetesVersion } : {}),
      });
      await context.save({ regionId, ...created, createdAt: deps.now() });
      await progress.done(
        'create',
        text('cluster.create.submitted', {
          clusterId: created.clusterId,
          taskId: created.taskId ?? '-',
          edition: deps.settings.clusterSpec,
          region: regionId,
        }),
      );
      return { regionId, ...created };
    } catch (error) {
      if (!(error instanceof GpubotError && error.retryable) || attempt >= 5) throw error;
      context.log.warn({ code: error.code, attempt }, 'CreateCluster failed transiently; checking by tag before trying again');
      await deps.sleep(deps.settings.pollIntervalMs * attempt);
    }
  }
}
