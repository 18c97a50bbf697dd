import type { AccountQuota, ClusterSummary, ZoneStock } from '../cloud/port.js';
import type { ClusterCreate } from '../commands/types.js';
import { UserFacingError } from '../errors.js';
import { text, type Text } from '../i18n/text.js';
import type { ChatRequest } from '../queue/request.js';
import { isLive, isManaged, tagValue, TAG_OWNER, TAG_REQUEST } from './cluster-tags.js';
import type { JobDeps } from './job-context.js';

export interface PreflightResult {
  readonly zoneId: string;
  readonly detail: Text;
}

/** Zones ranked for a new cluster: replenished stock first, then stock that will not be replenished. */
export function chooseZone(stock: readonly ZoneStock[], requested?: string): ZoneStock | undefined {
  const usable = stock.filter((zone) => zone.available);
  if (requested) return usable.find((zone) => zone.zoneId === requested);
  const rank = (zone: ZoneStock) => (zone.status === 'WithStock' ? 0 : 1);
  return [...usable].sort((a, b) => rank(a) - rank(b) || a.zoneId.localeCompare(b.zoneId))[0];
}

function checkQuota(command: ClusterCreate, quota: AccountQuota, live: readonly ClusterSummary[], regions: string[]): void {
  if (live.length >= quota.clusters) {
    throw new UserFacingError(
      'preflight.cluster_quota',
      text('cluster.error.quotaClusters', {
        quota: quota.clusters,
        used: live.length,
        regions: regions.join(', '),
      }),
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

/**
 * Refuses impossible requests before anything is created: account quota against what is in use,
 * a free name, and a zone that has the GPU type in stock.
 */
export async function preflight(request: ChatRequest, command: ClusterCreate, deps: JobDeps): Promise<PreflightResult> {
  const region = command.region as string;
  const regions = [...new Set([...(await deps.regions.all()), region])];
  const [quota, clusters, stock] = await Promise.all([
    deps.cloud.getQuota(),
    Promise.all(regions.map((r) => deps.cloud.listClusters(r))).then((lists) => lists.flat()),
    deps.cloud.instanceTypeStock(region, command.instanceType),
  ]);
  const live = clusters.filter(isLive);
  const taken = live.find(
    (cluster) =>
      cluster.regionId === region && cluster.name === command.name && tagValue(cluster, TAG_REQUEST) !== request.requestId,
  );
  if (taken) {
    throw new UserFacingError(
      'preflight.name_taken',
      text('cluster.error.nameTaken', {
        name: command.name ?? '',
        region,
        owner: isManaged(taken) ? (tagValue(taken, TAG_OWNER) ?? '?') : 'not gpubot',
      }),
    );
  }
  checkQuota(command, quota, live, regions);
  if (stock.length === 0) {
    throw new UserFacingError(
      'preflight.no_zones',
      text('cluster.error.typeNotOffered', { instanceType: command.instanceType, region }),
    );
  }
  const inStock = stock.filter((zone) => zone.available).map((zone) => zone.zoneId);
  if (command.zone && !stock.some((zone) => zone.zoneId === command.zone)) {
    throw new UserFacingError(
      'preflight.unknown_zone',
      text('cluster.error.unknownZone', {
        zone: command.zone,
        region,
        zones: stock.map((zone) => zone.zoneId).join(', '),
      }),
    );
  }
  const zone = chooseZone(stock, command.zone);
  if (!zone) {
    const key = command.zone ? 'cluster.error.zoneNoStock' : 'cluster.error.noStock';
    throw new UserFacingError(
      'preflight.no_stock',
      text(key, {
        zone: command.zone ?? '',
        region,
        instanceType: command.instanceType,
        zones: inStock.join(', ') || '-',
      }),
    );
  }
  const soldOut = stock.filter((z) => !z.available).map((z) => z.zoneId);
  return {
    zoneId: zone.zoneId,
    detail: text('cluster.preflight.ok', {
      used: live.length,
      quota: quota.clusters,
      count: command.count,
      nodeQuota: quota.nodesPerCluster,
      zone: zone.zoneId,
      instanceType: command.instanceType,
      soldOut: soldOut.join(', '),
    }),
  };
}
