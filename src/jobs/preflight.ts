import {
  BASIC_LIMITS,
  BASIC_SPEC,
  isBasic,
  type AccountQuota,
  type CloudProvider,
  type ClusterSummary,
  type ZoneStock,
} from '../cloud/port.js';
import type { ResolvedClusterCreate } from '../commands/types.js';
import { UserFacingError } from '../errors.js';
import { text, type Text } from '../i18n/text.js';
import type { ChatRequest } from '../queue/request.js';
import { isLive, isManaged, tagValue, TAG_OWNER, TAG_REQUEST } from './cluster-tags.js';
import { listAllClusters } from './find-clusters.js';
import type { ClusterSettings, Regions } from './job-deps.js';
import { planNetwork, type NetworkPlan } from './plan-network.js';

export interface PreflightDeps {
  readonly cloud: Pick<CloudProvider, 'getQuota' | 'listClusters' | 'instanceTypeStock' | 'listVSwitches'>;
  readonly regions: Regions;
  readonly settings: ClusterSettings;
}

export interface PreflightResult extends NetworkPlan {
  readonly detail: Text;
}

/** Zones ranked for a new cluster: replenished stock first, then stock that will not be replenished. */
export function rankZones(stock: readonly ZoneStock[]): ZoneStock[] {
  const rank = (zone: ZoneStock) => (zone.status === 'WithStock' ? 0 : 1);
  return stock.filter((zone) => zone.available).sort((a, b) => rank(a) - rank(b) || a.zoneId.localeCompare(b.zoneId));
}

export function chooseZone(stock: readonly ZoneStock[], requested?: string): ZoneStock | undefined {
  const usable = rankZones(stock);
  return requested ? usable.find((zone) => zone.zoneId === requested) : usable[0];
}

/** What the chosen edition allows: ACK Basic's caps are fixed, whatever the account quota says. */
function checkEdition(
  command: ResolvedClusterCreate,
  deps: PreflightDeps,
  live: readonly ClusterSummary[],
  regions: string[],
): void {
  if (!isBasic(deps.settings.clusterSpec)) return;
  const basic = live.filter((cluster) => cluster.clusterSpec === BASIC_SPEC);
  if (basic.length >= BASIC_LIMITS.clusters) {
    throw new UserFacingError(
      'preflight.basic_clusters',
      text('cluster.error.basicClusters', {
        limit: BASIC_LIMITS.clusters,
        names: basic.map((cluster) => cluster.name).join(', '),
        regions: regions.join(', '),
      }),
    );
  }
  if (command.count > BASIC_LIMITS.workersPerCluster) {
    throw new UserFacingError(
      'preflight.basic_nodes',
      text('cluster.error.basicNodes', { count: command.count, limit: BASIC_LIMITS.workersPerCluster }),
    );
  }
}

function checkQuota(
  command: ResolvedClusterCreate,
  quota: AccountQuota,
  live: readonly ClusterSummary[],
  regions: string[],
): void {
  if (live.length >= quota.clusters) {
    throw new UserFacingError(
      'preflight.cluster_quota',
      text('cluster.error.quotaClusters', { quota: quota.clusters, used: live.length, regions: regions.join(', ') }),
    );
  }
  const managed = live.filter((cluster) => cluster.clusterType === 'ManagedKubernetes').length;
  if (quota.managedClusters !== undefined && managed >= quota.managedClusters) {
    throw new UserFacingError(
      'preflight.managed_quota',
      text('cluster.error.quotaManaged', { quota: quota.managedClusters, used: managed }),
    );
  }
  if (command.count > quota.nodesPerCluster) {
    throw new UserFacingError(
      'preflight.node_quota',
      text('cluster.error.quotaNodes', { count: command.count, quota: quota.nodesPerCluster }),
    );
  }
}

function checkName(request: ChatRequest, command: ResolvedClusterCreate, region: string, live: readonly ClusterSummary[]): void {
  const taken = live.find(
    (cluster) =>
      cluster.regionId === region && cluster.name === command.name && tagValue(cluster, TAG_REQUEST) !== request.requestId,
  );
  if (taken) {
    throw new UserFacingError(
      'preflight.name_taken',
      text('cluster.error.nameTaken', {
        name: command.name,
        region,
        owner: isManaged(taken) ? (tagValue(taken, TAG_OWNER) ?? '?') : 'not gpubot',
      }),
    );
  }
}

/** The zones that have the type in stock, the one to use first; refuses when there is none. */
function stockZones(command: ResolvedClusterCreate, region: string, stock: readonly ZoneStock[]): ZoneStock[] {
  if (stock.length === 0) {
    throw new UserFacingError(
      'preflight.no_zones',
      text('cluster.error.typeNotOffered', { instanceType: command.instanceType, region }),
    );
  }
  if (command.zone && !stock.some((zone) => zone.zoneId === command.zone)) {
    throw new UserFacingError(
      'preflight.unknown_zone',
      text('cluster.error.unknownZone', { zone: command.zone, region, zones: stock.map((zone) => zone.zoneId).join(', ') }),
    );
  }
  const ranked = rankZones(stock);
  const chosen = chooseZone(stock, command.zone);
  if (!chosen) {
    const key = command.zone ? 'cluster.error.zoneNoStock' : 'cluster.error.noStock';
    throw new UserFacingError(
      'preflight.no_stock',
      text(key, {
        zone: command.zone ?? '',
        region,
        instanceType: command.instanceType,
        zones: ranked.map((zone) => zone.zoneId).join(', ') || '-',
      }),
    );
  }
  // zone= asks for that zone only; otherwise every zone with stock, the best first, the rest as fallbacks.
  return command.zone ? [chosen] : ranked;
}

/**
 * Refuses impossible requests before anything is created: what the edition allows, account quota
 * against what is in use, a free name, a zone that has the GPU type in stock, and a network whose
 * vSwitches reach it.
 */
export async function preflight(
  request: ChatRequest,
  command: ResolvedClusterCreate,
  deps: PreflightDeps,
): Promise<PreflightResult> {
  const region = command.region;
  const regions = [...new Set([...deps.regions, region])];
  const [quota, clusters, stock] = await Promise.all([
    deps.cloud.getQuota(),
    listAllClusters(deps.cloud, regions),
    deps.cloud.instanceTypeStock(region, command.instanceType),
  ]);
  const live = clusters.filter(isLive);
  checkName(request, command, region, live);
  checkEdition(command, deps, live, regions);
  checkQuota(command, quota, live, regions);
  const zones = stockZones(command, region, stock);
  const plan = await planNetwork(deps, region, zones, stock);
  const basic = isBasic(deps.settings.clusterSpec);
  const soldOut = stock.filter((z) => !z.available).map((z) => z.zoneId);
  return {
    ...plan,
    detail: text('cluster.preflight.ok', {
      edition: deps.settings.clusterSpec,
      used: basic ? live.filter((c) => c.clusterSpec === BASIC_SPEC).length : live.length,
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
