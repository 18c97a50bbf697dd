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

/**
 * A pool the listing shows no sign of (a pool that fails leaves the cluster `running`, its size
 * unchanged) is still asked about directly this many poll intervals after the last look (6 min at
 * the default 10 s): a failed pool is seen within that, and a pool that is ready sooner (the
 * emulator's takes 290 s) costs only the final look. A slower one costs one look per interval.
 */
const SILENT_POOL_LOOK_POLLS = 36;
/** While the listing shows the cluster itself in trouble (`failed`, `unavailable`…), the pool is asked sooner. */
const TROUBLED_POOL_LOOK_POLLS = 3;
/** Cluster states in which a node pool is expected to be working its way to active. */
const HEALTHY_STATES: readonly string[] = ['running', 'updating', 'scaling', 'upgrading'];

export interface PoolLook {
  readonly decision: WaitDecision<NodePool>;
  readonly nextLookInMs: number;
  /** ACK was asked about the pool itself in this look. */
  readonly askedAck: boolean;
}

/**
 * One look at the GPU node pool, through the region's shared listing first: its `size` says how
 * many workers joined the cluster. ACK is asked about the pool itself (one call) once they all
 * have, when the listing shows the cluster gone or missing, and otherwise only after a bounded
 * silence: `SILENT_POOL_LOOK_POLLS` poll intervals since it was last asked (fewer while the
 * listing shows the cluster in trouble).
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
  const everyPolls = listed && HEALTHY_STATES.includes(listed.state) ? SILENT_POOL_LOOK_POLLS : TROUBLED_POOL_LOOK_POLLS;
  const due = deps.now() - lastAskedAt >= everyPolls * deps.pollIntervalMs;
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
