import type { CloudProvider, ClusterDetail, ClusterRef, ClusterSummary, TaskInfo } from '../cloud/port.js';
import { text, type Text } from '../i18n/text.js';
import type { SharedListing } from '../shared-listing/shared-listing.js';
import { GONE_STATES } from './cluster-tags.js';
import { untilNextListing } from './find-clusters.js';
import { failed, pending, ready, type WaitDecision } from './wait-decision.js';

export interface ClusterLookDeps {
  readonly cloud: Pick<CloudProvider, 'describeCluster' | 'describeTask' | 'clusterLogs'>;
  readonly listing: Pick<SharedListing, 'get'>;
  readonly pollIntervalMs: number;
  readonly now: () => number;
}

/** One look, and when the next one has something new to see (the next shared listing). */
export interface ClusterLook {
  readonly decision: WaitDecision<ClusterDetail>;
  readonly nextLookInMs: number;
}

/** Turns a failed task or cluster into a plain reason, with the last cloud log lines as evidence. */
async function explainFailure(deps: ClusterLookDeps, cluster: ClusterRef, task: TaskInfo | undefined): Promise<Text> {
  const logs = await deps.cloud.clusterLogs(cluster).catch(() => [] as string[]);
  const evidence = logs
    .slice(-3)
    .map((line) => line.slice(0, 200))
    .join(' | ');
  if (task?.error) {
    return text('cluster.error.creationFailed', {
      reason: `${task.error.code}: ${task.error.message}`.slice(0, 300),
      // The advice table is keyed like the adapter's error codes: `cloud.<failure>`.
      advice: `cloud.${task.error.failure}`,
      logs: evidence,
    });
  }
  return text('cluster.error.creationFailed', { reason: 'state failed', advice: '', logs: evidence });
}

/** The listing's entry as the node pool needs it (VPC and vSwitches), when the listing gave them. */
function networkListed(listed: ClusterSummary | undefined): ClusterDetail | undefined {
  const vswitchIds = listed?.vswitchIds ?? [];
  return listed?.state === 'running' && listed.vpcId && vswitchIds.length > 0 ? { ...listed, vswitchIds } : undefined;
}

/** What ACK's own answer about the cluster means, once the listing says it ran, failed or went. */
async function decide(
  deps: ClusterLookDeps,
  cluster: ClusterRef & { readonly name: string; readonly taskId?: string },
  state: string,
  listed?: ClusterSummary,
): Promise<WaitDecision<ClusterDetail>> {
  const vanished = failed<ClusterDetail>(
    'wait.vanished',
    text('cluster.error.vanished', { name: cluster.name, clusterId: cluster.clusterId }),
  );
  if (GONE_STATES.includes(state)) return vanished;
  if (state === 'failed') {
    const task = cluster.taskId ? await deps.cloud.describeTask(cluster.regionId, cluster.taskId) : undefined;
    return failed('wait.failed', await explainFailure(deps, cluster, task));
  }
  // Running: the node pool needs the VPC, vSwitches and security group: from the listing, which
  // has them (DescribeClustersForRegion), else from ACK's detail of this cluster.
  const fromListing = networkListed(listed);
  if (fromListing) return ready(fromListing);
  const detail = await deps.cloud.describeCluster(cluster);
  if (!detail || GONE_STATES.includes(detail.state)) return vanished;
  if (detail.state === 'failed') return decide(deps, cluster, 'failed');
  return detail.state === 'running' ? ready(detail) : pending(text('cluster.wait.state', { state: detail.state }), detail.state);
}

/**
 * One look at a cluster being created, through the region's shared listing (one
 * DescribeClustersForRegion per poll interval for every waiting job): ACK is asked about this
 * cluster itself only when the listing says it failed or went, says it runs without its network,
 * or when a listing fetched after the create does not show it.
 */
export async function checkCluster(
  deps: ClusterLookDeps,
  cluster: ClusterRef & { readonly name: string; readonly taskId?: string; readonly createdAt: number },
): Promise<ClusterLook> {
  const listing = await deps.listing.get(cluster.regionId);
  const nextLookInMs = untilNextListing(listing, deps.pollIntervalMs, deps.now());
  const listed = listing.byId.get(cluster.clusterId);
  if (!listed && listing.fetchedAt < cluster.createdAt) {
    return { decision: pending(text('cluster.wait.state', { state: 'initial' }), 'not listed yet'), nextLookInMs };
  }
  const state = listed?.state ?? (await deps.cloud.describeCluster(cluster))?.state ?? 'deleted';
  if (GONE_STATES.includes(state) || state === 'failed' || state === 'running') {
    return { decision: await decide(deps, cluster, state, listed), nextLookInMs };
  }
  return { decision: pending(text('cluster.wait.state', { state }), state), nextLookInMs };
}
