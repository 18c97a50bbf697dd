import type { CloudProvider, ClusterSummary } from '../cloud/port.js';
import { isLive, isManaged, tagValue, TAG_OWNER, TAG_REQUEST } from './cluster-tags.js';

type ClusterLister = Pick<CloudProvider, 'listClusters'>;

/** Every cluster in the regions gpubot works in, each asked at its region's endpoint. */
export async function listAllClusters(cloud: ClusterLister, regions: readonly string[]): Promise<ClusterSummary[]> {
  const perRegion = await Promise.all(regions.map((region) => cloud.listClusters(region)));
  return perRegion.flat();
}

/** Every gpubot cluster in the regions gpubot works in, live state from ACK. */
export async function listManagedClusters(cloud: ClusterLister, regions: readonly string[]): Promise<ClusterSummary[]> {
  return (await listAllClusters(cloud, regions)).filter(isManaged);
}

export async function findByRequest(
  cloud: ClusterLister,
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
