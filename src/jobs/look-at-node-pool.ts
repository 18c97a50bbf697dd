import type { ClusterRef, NodePool } from '../cloud/port.js';
import { text } from '../i18n/text.js';
import type { SharedListing } from '../shared-listing/shared-listing.js';
import { checkNodePool, type NodePoolIds, type NodePoolLookDeps } from './check-node-pool.js';
import { GONE_STATES } from './cluster-tags.js';
import { untilNextListing } from './find-clusters.js';
import { pending, type WaitDecision } from './wait-decision.js';

export interface PoolLookDeps extends NodePoolLookDeps {
  readonly listing: Pick<SharedListing, 'get'>;
  readonly pollIntervalMs: number;
  readonly now: () => number;
}

/** Without a sign in the listing, ACK is still asked about the pool this often (a pool that fails shows none). */
const DIRECT_LOOK_EVERY_POLLS = 10;

export interface PoolLook {
  readonly decision: WaitDecision<NodePool>;
  readonly nextLookInMs: number;
  /** ACK was asked about the pool itself in this look. */
  readonly askedAck: boolean;
}

/**
 * One look at the GPU node pool, through the region's shared listing first: its `size` says how
 * many workers joined the cluster. ACK is asked about the pool itself (one call) only once they
 * all have, or when it was last asked `DIRECT_LOOK_EVERY_POLLS` poll intervals ago.
 */
export async function lookAtNodePool(
  deps: PoolLookDeps,
  cluster: ClusterRef,
  ids: NodePoolIds,
  expected: number,
  lastAskedAt: number,
): Promise<PoolLook> {
  const listing = await deps.listing.get(cluster.regionId);
  const nextLookInMs = untilNextListing(listing, deps.pollIntervalMs, deps.now());
  const listed = listing.byId.get(cluster.clusterId);
  const joined = listed !== undefined && listed.state === 'running' && listed.size >= expected;
  const gone = listed !== undefined && GONE_STATES.includes(listed.state);
  const due = deps.now() - lastAskedAt >= DIRECT_LOOK_EVERY_POLLS * deps.pollIntervalMs;
  if (listed && !joined && !gone && !due) {
    const facts = { state: listed.state, size: listed.size, desired: expected };
    return {
      decision: pending(text('cluster.nodepool.listed', facts), JSON.stringify(facts)),
      nextLookInMs,
      askedAck: false,
    };
  }
  return { decision: await checkNodePool(deps, cluster, ids), nextLookInMs, askedAck: true };
}
