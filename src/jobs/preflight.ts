import { BASIC_LIMITS, isBasic, type AccountQuota, type CloudProvider, type ZoneStock } from '../cloud/port.js';
import type { ClusterIndex } from '../cluster-index/cluster-index.js';
import type { ResolvedClusterCreate } from '../commands/types.js';
import { UserFacingError } from '../errors.js';
import { text, type Text } from '../i18n/text.js';
import type { Logger } from '../log.js';
import type { ChatRequest } from '../queue/request.js';
import type { Reservations } from '../reservations/reservations.js';
import type { SharedCache } from '../shared-cache/shared-cache.js';
import type { SharedListing } from '../shared-listing/shared-listing.js';
import { cachedVSwitches } from './cached-vswitches.js';
import { stockZones } from './check-stock.js';
import { isManaged, tagValue, TAG_OWNER } from './cluster-tags.js';
import { findByName, listAllClusters, type ClustersAsOf } from './find-clusters.js';
import type { ClusterSettings, Regions } from './job-deps.js';
import { planNetwork, type NetworkPlan } from './plan-network.js';
import { reserveQuota } from './reserve-quota.js';

export interface PreflightDeps {
  readonly cloud: Pick<CloudProvider, 'getQuota' | 'instanceTypeStock' | 'listVSwitches'>;
  readonly listing: Pick<SharedListing, 'get'>;
  readonly index: ClusterIndex;
  readonly reservations: Reservations;
  /** Quota and stock, read once per poll interval for every create of every worker; vSwitches too, for longer. */
  readonly cache: SharedCache;
  readonly regions: Regions;
  readonly settings: ClusterSettings;
  readonly pollIntervalMs: number;
  readonly log: Logger;
}

export interface PreflightResult extends NetworkPlan {
  readonly detail: Text;
}

/** ACK Basic's workers per cluster are fixed, whatever the account quota says. */
function checkBasicWorkers(command: ResolvedClusterCreate, deps: PreflightDeps): void {
  if (isBasic(deps.settings.clusterSpec) && command.count > BASIC_LIMITS.workersPerCluster) {
    throw new UserFacingError(
      'preflight.basic_nodes',
      text('cluster.error.basicNodes', { count: command.count, limit: BASIC_LIMITS.workersPerCluster }),
    );
  }
}

/** Claims the name in the region for this request (cluster-index), refusing a name someone holds. */
async function claimName(deps: PreflightDeps, request: ChatRequest, command: ResolvedClusterCreate, listed: ClustersAsOf) {
  const claim = await deps.index.claimName(request.requestId, command.region, command.name);
  if (claim.status !== 'taken') return;
  const holder = findByName(
    listed.clusters.filter((cluster) => cluster.regionId === command.region),
    command.name,
  );
  const owner = holder ? (isManaged(holder) ? (tagValue(holder, TAG_OWNER) ?? '?') : 'not gpubot') : undefined;
  throw new UserFacingError(
    'preflight.name_taken',
    owner === undefined
      ? text('cluster.error.nameBeingCreated', { name: command.name, region: command.region })
      : text('cluster.error.nameTaken', { name: command.name, region: command.region, owner }),
  );
}

/**
 * Refuses impossible requests before anything is created, and holds what a possible one needs:
 * a free name (claimed in the cluster index), a zone that has the GPU type in stock, a network
 * whose vSwitches reach it, and the account quota (reserved atomically in the ledger). Quota and
 * stock come from a cache shared by every job for one poll interval, clusters from the shared
 * listings: no call per create.
 */
export async function preflight(
  request: ChatRequest,
  command: ResolvedClusterCreate,
  deps: PreflightDeps,
): Promise<PreflightResult> {
  const region = command.region;
  const regions = [...new Set([...deps.regions, region])];
  const ttl = deps.pollIntervalMs;
  checkBasicWorkers(command, deps);
  const [listed, quota, stock] = await Promise.all([
    listAllClusters(deps.listing, regions),
    deps.cache.get<AccountQuota>('quota', ttl, () => deps.cloud.getQuota()),
    deps.cache.get<ZoneStock[]>(`stock:${region}:${command.instanceType}`, ttl, () =>
      deps.cloud.instanceTypeStock(region, command.instanceType),
    ),
  ]);
  await claimName(deps, request, command, listed);
  const zones = stockZones(command, stock);
  const plan = await planNetwork({ cloud: cachedVSwitches(deps), settings: deps.settings }, region, zones, stock);
  const used = await reserveQuota(deps, request.requestId, command, quota, { clusters: listed.clusters, regions });
  const basic = isBasic(deps.settings.clusterSpec);
  const soldOut = stock.filter((z) => !z.available).map((z) => z.zoneId);
  return {
    ...plan,
    detail: text('cluster.preflight.ok', {
      edition: deps.settings.clusterSpec,
      // In use besides this one, which is now held.
      used: used - 1,
      quota: basic ? Math.min(quota.clusters, BASIC_LIMITS.clusters) : quota.clusters,
      count: command.count,
      // The smallest of what the account, the edition and the operator's limit (route entries) allow.
      nodeQuota: Math.min(
        quota.nodesPerCluster,
        deps.settings.maxNodesPerCluster,
        basic ? BASIC_LIMITS.workersPerCluster : Number.POSITIVE_INFINITY,
      ),
      zone: plan.zoneId,
      fallbacks: plan.stockZoneIds.filter((zone) => zone !== plan.zoneId).join(', '),
      instanceType: command.instanceType,
      soldOut: soldOut.join(', '),
    }),
  };
}
