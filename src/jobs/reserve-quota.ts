import { BASIC_LIMITS, isBasic, type AccountQuota, type ClusterSummary } from '../cloud/port.js';
import { BASIC_SPEC } from '../cloud/port.js';
import type { ResolvedClusterCreate } from '../commands/types.js';
import { UserFacingError } from '../errors.js';
import type { Logger } from '../log.js';
import { describeRefusal } from '../reservations/describe-refusal.js';
import type { Claim, Reservations } from '../reservations/reservations.js';
import { accountClusters, basicClusters, clusterNodes, managedClusters, parseResource } from '../reservations/resources.js';
import type { ClusterIndex } from '../cluster-index/cluster-index.js';
import { isLive } from './cluster-tags.js';
import { createHoldId } from './hold-ids.js';
import type { ClusterSettings } from './job-deps.js';
import { reconcileLedger } from './reconcile-listing.js';

export interface QuotaDeps {
  readonly reservations: Reservations;
  readonly index: ClusterIndex;
  readonly settings: ClusterSettings;
  readonly log: Logger;
}

/** The code of a refusal, by the limit it hit. */
const CODES: Readonly<Record<string, string>> = {
  'account-clusters': 'preflight.cluster_quota',
  'managed-clusters': 'preflight.managed_quota',
  'basic-clusters': 'preflight.basic_clusters',
  'cluster-nodes': 'preflight.node_quota',
};

/** What a new cluster of `count` workers claims of the account: a cluster, a managed one, its nodes. */
function claimsFor(command: ResolvedClusterCreate, quota: AccountQuota, settings: ClusterSettings, requestId: string): Claim[] {
  const basic = isBasic(settings.clusterSpec);
  return [
    { resource: accountClusters(), amount: 1, limit: quota.clusters },
    ...(quota.managedClusters !== undefined ? [{ resource: managedClusters(), amount: 1, limit: quota.managedClusters }] : []),
    ...(basic ? [{ resource: basicClusters(), amount: 1, limit: BASIC_LIMITS.clusters }] : []),
    { resource: clusterNodes(requestId), amount: command.count, limit: quota.nodesPerCluster },
  ];
}

/**
 * Holds the account quota for one create, atomically against every other create of every worker
 * (one Lua script): all claims or none, and a refusal in plain words naming the limit. `live` are
 * the clusters the listings show: until the ledger was first reconciled with them, it is now.
 * Returns how many clusters count against the quota, this one included.
 */
export async function reserveQuota(
  deps: QuotaDeps,
  requestId: string,
  command: ResolvedClusterCreate,
  quota: AccountQuota,
  listed: { readonly clusters: readonly ClusterSummary[]; readonly regions: readonly string[] },
): Promise<number> {
  const counted = isBasic(deps.settings.clusterSpec) ? basicClusters() : accountClusters();
  if ((await deps.reservations.usage(counted)).reconciledAt === undefined) await reconcileLedger(deps, listed.clusters);
  const outcome = await deps.reservations.reserve(createHoldId(requestId), claimsFor(command, quota, deps.settings, requestId));
  if (outcome.status === 'refused') {
    const kind = parseResource(outcome.resource)?.kind ?? 'account-clusters';
    const basic = listed.clusters
      .filter((cluster) => isLive(cluster) && cluster.clusterSpec === BASIC_SPEC)
      .map((cluster) => cluster.name);
    const scope =
      kind === 'account-clusters' ? listed.regions.join(', ') : kind === 'basic-clusters' ? basic.join(', ') : undefined;
    throw new UserFacingError(CODES[kind] ?? 'preflight.quota', describeRefusal(outcome, scope));
  }
  return (await deps.reservations.usage(counted)).used;
}
