import { BASIC_SPEC, type ClusterSummary } from '../cloud/port.js';
import type { ClusterIndex } from '../cluster-index/cluster-index.js';
import type { Logger } from '../log.js';
import type { Reservations } from '../reservations/reservations.js';
import { accountClusters, basicClusters, managedClusters } from '../reservations/resources.js';
import type { ClusterListing, SharedListing } from '../shared-listing/shared-listing.js';
import { isLive, isManaged, tagValue, TAG_REQUEST } from './cluster-tags.js';
import { createHoldId, requestOfCreateHold } from './hold-ids.js';

export interface ReconcileDeps {
  readonly index: ClusterIndex;
  readonly reservations: Reservations;
  /** The other regions' latest listings (the account quota spans every region gpubot works in). */
  readonly listing: Pick<SharedListing, 'peek'>;
  readonly regions: readonly string[];
  readonly log: Logger;
  /** A name claimed this long without a cluster is free again (its request gave up or died). */
  readonly staleClaimMs: number;
}

const requestOf = (cluster: ClusterSummary) => (isManaged(cluster) ? tagValue(cluster, TAG_REQUEST) : undefined);

/** The account-wide counts the ledger checks against quota, from every region's listing. */
export async function reconcileLedger(
  deps: Pick<ReconcileDeps, 'index' | 'reservations' | 'log'>,
  clusters: readonly ClusterSummary[],
): Promise<void> {
  const live = clusters.filter(isLive);
  const holdsOf = (some: readonly ClusterSummary[]) =>
    some.flatMap((cluster) => {
      const requestId = requestOf(cluster);
      return requestId ? [createHoldId(requestId)] : [];
    });
  const managed = live.filter((cluster) => cluster.clusterType === 'ManagedKubernetes');
  const basic = live.filter((cluster) => cluster.clusterSpec === BASIC_SPEC);
  await deps.reservations.reconcile(accountClusters(), { count: live.length, ids: holdsOf(live) });
  await deps.reservations.reconcile(managedClusters(), { count: managed.length, ids: holdsOf(managed) });
  await deps.reservations.reconcile(basicClusters(), { count: basic.length, ids: holdsOf(basic) });
  // A create whose request the index no longer knows has no cluster any more (deleted in the
  // console, failed, or given up): what it held is free.
  const holds = (await deps.reservations.holders(accountClusters())).map(({ id }) => ({
    id,
    requestId: requestOfCreateHold(id),
  }));
  const known = await deps.index.byRequests(holds.flatMap(({ requestId }) => (requestId ? [requestId] : [])));
  for (const { id, requestId } of holds) {
    if (requestId && !known.has(requestId)) {
      await deps.reservations.release(id);
      deps.log.info({ requestId }, 'released the quota of a create whose cluster is gone');
    }
  }
}

/**
 * ACK is the authority: every fresh listing (once per region per poll interval, in whichever
 * process fetched it) brings the cluster index and the quota ledger in line with it.
 */
export function reconcileOnListing(deps: ReconcileDeps): (fresh: ClusterListing) => Promise<void> {
  return async (fresh) => {
    const present = fresh.clusters.filter((cluster) => cluster.state !== 'deleted');
    await deps.index.reconcileRegion(
      fresh.regionId,
      {
        clusters: present.map((cluster) => {
          const requestId = requestOf(cluster);
          return { clusterId: cluster.clusterId, name: cluster.name, ...(requestId ? { requestId } : {}) };
        }),
        fetchedAt: fresh.fetchedAt,
      },
      { staleAfterMs: deps.staleClaimMs },
    );
    const others = await Promise.all(
      deps.regions.filter((region) => region !== fresh.regionId).map((region) => deps.listing.peek(region)),
    );
    // Until every region has been listed once, the account's count is unknown: leave the ledger be.
    if (others.some((listing) => listing === undefined)) return;
    await reconcileLedger(deps, [...fresh.clusters, ...others.flatMap((listing) => listing?.clusters ?? [])]);
  };
}
