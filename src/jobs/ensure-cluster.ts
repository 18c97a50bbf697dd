import type { CloudProvider, ClusterNetwork, ClusterNetworkPlugin, ClusterRef } from '../cloud/port.js';
import type { ResolvedClusterCreate } from '../commands/types.js';
import { GpubotError, UserFacingError } from '../errors.js';
import { text } from '../i18n/text.js';
import type { ClusterIndex } from '../cluster-index/cluster-index.js';
import type { ChatRequest } from '../queue/request.js';
import type { SharedListing } from '../shared-listing/shared-listing.js';
import { lifetimeTags, tagsFor, type ClusterLifetime } from './cluster-tags.js';
import { findByRequest } from './find-clusters.js';
import type { JobContext } from './job-context.js';
import type { ClusterSettings } from './job-deps.js';
import type { ProgressTracker } from './progress-tracker.js';
import type { Wait } from './wait.js';

export interface EnsureClusterDeps {
  readonly cloud: Pick<CloudProvider, 'createCluster'>;
  readonly index: ClusterIndex;
  readonly listing: Pick<SharedListing, 'get'>;
  readonly settings: ClusterSettings;
  readonly now: () => number;
  /**
   * The lifecycle's expiry for a new cluster (absent: no expiry tags at creation; the lifecycle
   * then writes them with ModifyClusterTags once the create is done).
   */
  readonly lifetime?: (request: ChatRequest) => ClusterLifetime;
}

/** The network pre-flight planned: a VPC ACK creates in the stock zones, or the configured one. */
function networkOf(context: JobContext, settings: ClusterSettings): ClusterNetwork {
  const { poolVswitchIds, clusterZoneIds, zoneId } = context.checkpoint;
  if (poolVswitchIds && settings.vpcId) {
    return { kind: 'existing', vpcId: settings.vpcId, vswitchIds: settings.vswitchIds };
  }
  return { kind: 'new', zoneIds: clusterZoneIds ?? (zoneId ? [zoneId] : []) };
}

/**
 * Terway needs pod vSwitches of the configured VPC: a cluster in a region where ACK makes the VPC
 * cannot have them, and is refused rather than silently made without NetworkPolicy.
 */
function networkPluginFor(
  context: JobContext,
  settings: ClusterSettings,
  regionId: string,
): { networkPlugin?: ClusterNetworkPlugin } {
  const plugin = settings.networkPlugin;
  if (plugin?.kind !== 'terway') return {};
  if (networkOf(context, settings).kind === 'existing') return { networkPlugin: plugin };
  throw new UserFacingError('cluster.terway_needs_vpc', text('cluster.error.terwayNeedsVpc', { region: regionId }));
}

/**
 * The cluster an earlier run of this request made: the cluster index knows it once CreateCluster
 * answered (or a listing showed its request tag). Only when an earlier run sent CreateCluster and
 * never heard back is ACK asked, with a listing fetched from now on: not a listing per create.
 */
async function findEarlierCreate(
  context: JobContext,
  deps: EnsureClusterDeps,
  command: ResolvedClusterCreate,
): Promise<string | undefined> {
  const { requestId } = context.request;
  const recorded = await deps.index.byRequest(requestId);
  if (recorded?.clusterId) return recorded.clusterId;
  if (!context.checkpoint.createRequested) return undefined;
  const tagged = findByRequest(await deps.listing.get(command.region, { maxAgeMs: 0 }), requestId);
  if (!tagged) return undefined;
  await deps.index.confirm(requestId, { regionId: command.region, name: command.name, clusterId: tagged.clusterId });
  return tagged.clusterId;
}

/**
 * Finds the cluster this request already created (a crash or a lost answer), or creates it: a
 * cluster of the configured edition without workers, in the region the request names, under the
 * name pre-flight claimed in the cluster index. A transient failure comes back later (a Wait) to
 * look for the cluster and try again, so one request never makes two clusters.
 */
export async function ensureCluster(
  context: JobContext,
  deps: EnsureClusterDeps,
  progress: ProgressTracker,
  command: ResolvedClusterCreate,
): Promise<(ClusterRef & { taskId?: string }) | Wait> {
  const regionId = command.region;
  const { clusterId, taskId } = context.checkpoint;
  if (clusterId) {
    if (progress.stateOf('create') !== 'done') await progress.done('create', text('cluster.create.adopted', { clusterId }));
    return { regionId, clusterId, ...(taskId ? { taskId } : {}) };
  }
  const existing = await findEarlierCreate(context, deps, command);
  if (existing) {
    await context.save({ regionId, clusterId: existing, clusterName: command.name, createdAt: deps.now() });
    await progress.done('create', text('cluster.create.adopted', { clusterId: existing }));
    return { regionId, clusterId: existing };
  }
  await progress.start('create');
  // Fixed once, before the first try: a retry sends the same expiry, and the lifecycle tracks it.
  const lifetime = context.checkpoint.lifetime ?? deps.lifetime?.(context.request);
  // Saved before the call: if its answer is lost (or this worker dies), the next run asks ACK first.
  if (!context.checkpoint.createRequested || (lifetime && !context.checkpoint.lifetime)) {
    await context.save({ createRequested: true, ...(lifetime ? { lifetime } : {}) });
  }
  try {
    const { settings } = deps;
    const created = await deps.cloud.createCluster({
      name: command.name,
      regionId,
      clusterSpec: settings.clusterSpec,
      network: networkOf(context, settings),
      ...networkPluginFor(context, settings, regionId),
      // The expiry rides on the create: no tag sync (DescribeClusterDetail + ModifyClusterTags) after it.
      tags: [...tagsFor(context.request), ...(lifetime ? lifetimeTags(lifetime) : [])],
      ...(settings.kubernetesVersion ? { kubernetesVersion: settings.kubernetesVersion } : {}),
    });
    await deps.index.confirm(context.request.requestId, { regionId, name: command.name, clusterId: created.clusterId });
    await context.save({ regionId, ...created, clusterName: command.name, createdAt: deps.now() });
    await progress.done(
      'create',
      text('cluster.create.submitted', {
        clusterId: created.clusterId,
        taskId: created.taskId ?? '-',
        edition: settings.clusterSpec,
        region: regionId,
      }),
    );
    return { regionId, ...created };
  } catch (error) {
    if (!(error instanceof GpubotError && error.retryable)) throw error;
    context.log.warn({ code: error.code }, 'CreateCluster failed transiently; checking by tag before trying again');
    return context.retryLater('create', error);
  }
}
