import type { ClusterSummary } from '../cloud/port.js';
import type { ClusterListing, SharedListing } from '../shared-listing/shared-listing.js';
import { isLive, isManaged, tagValue, TAG_OWNER, TAG_REQUEST } from './cluster-tags.js';

/** Clusters of several regions, as of the oldest of their listings. */
export interface ClustersAsOf {
  readonly clusters: readonly ClusterSummary[];
  readonly fetchedAt: number;
}

/** Every cluster in the regions gpubot works in, from the shared listings (at most one poll interval old). */
export async function listAllClusters(listing: Pick<SharedListing, 'get'>, regions: readonly string[]): Promise<ClustersAsOf> {
  const listings = await Promise.all(regions.map((region) => listing.get(region)));
  return {
    clusters: listings.flatMap((one) => one.clusters),
    fetchedAt: Math.min(...listings.map((one) => one.fetchedAt)),
  };
}

/** Every gpubot cluster in the regions gpubot works in. */
export async function listManagedClusters(
  listing: Pick<SharedListing, 'get'>,
  regions: readonly string[],
): Promise<ClustersAsOf> {
  const all = await listAllClusters(listing, regions);
  return { clusters: all.clusters.filter(isManaged), fetchedAt: all.fetchedAt };
}

/** The live cluster this request created, as a listing shows it. */
export function findByRequest(listing: ClusterListing, requestId: string): ClusterSummary | undefined {
  return listing.clusters.find(
    (cluster) => isManaged(cluster) && tagValue(cluster, TAG_REQUEST) === requestId && isLive(cluster),
  );
}

export function findByName(clusters: readonly ClusterSummary[], name: string): ClusterSummary | undefined {
  return clusters.find((cluster) => cluster.name === name && isLive(cluster));
}

export function ownedBy(clusters: readonly ClusterSummary[], owner: string): ClusterSummary[] {
  return clusters.filter((cluster) => tagValue(cluster, TAG_OWNER) === owner);
}

/**
 * How long a job waiting on what listings show should wait: until the next listing of the region
 * is due (one poll interval after this one was fetched), and a little more, spread so that the
 * waiting jobs do not all wake in the same millisecond.
 */
export function untilNextListing(listing: ClusterListing, pollIntervalMs: number, now: number): number {
  const due = listing.fetchedAt + pollIntervalMs - now;
  return Math.max(0, due) + Math.round(Math.random() * Math.min(200, pollIntervalMs / 10)) + 5;
}
