import type { CloudProvider, ClusterSummary } from '../cloud/port.js';
import type { KnownRegions } from './known-regions.js';
import { isLive, isManaged, tagValue, TAG_OWNER, TAG_REQUEST } from './cluster-tags.js';

/** Every gpubot cluster in the regions gpubot uses, live state from ACK. */
export async function listManagedClusters(cloud: CloudProvider, regions: KnownRegions): Promise<ClusterSummary[]> {
  const perRegion = await Promise.all((await regions.all()).map((region) => cloud.listClusters(region)));
  return perRegion.flat().filter(isManaged);
}

export async function findByRequest(
  cloud: CloudProvider,
  regionId: string,
  requestId: string,
): Promise<ClusterSummary | undefined> {
  const clusters = await cloud.listClusters(regionId);
  return clusters.find((cluster) => isManaged(cluster) && tagValue(cluster, TAG_REQUEST) === requestId && isLive(cluster));
}

export function findByName(clusters: readonly ClusterSummary[], name: string): ClusterSummary | undefined {
  return clusters.find((cluster) => cluster.name === name && isLive(cluster));
}

export function ownedBy(clusters: readonly ClusterSummary[], owner: string): ClusterSummary[] {
  return clusters.filter((cluster) => tagValue(cluster, TAG_OWNER) === owner);
}
