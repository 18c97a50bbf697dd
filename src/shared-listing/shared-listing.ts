import { randomUUID } from 'node:crypto';
import type { CloudProvider, ClusterSummary } from '../cloud/port.js';
import type { Logger } from '../log.js';
import type { RedisClient } from '../queue/redis-connection.js';
import { runScript } from '../redis/run-script.js';
import { EXTEND_LOCK, RELEASE_LOCK, WRITE_LISTING } from './listing-scripts.js';

/** Every cluster of a region as one DescribeClustersForRegion (all pages) saw them. */
export interface ClusterListing {
  readonly regionId: string;
  /** When the fetch started (ms): the listing shows the region at least as of then. */
  readonly fetchedAt: number;
  readonly clusters: readonly ClusterSummary[];
  readonly byId: ReadonlyMap<string, ClusterSummary>;
}

/**
 * One listing per region per poll interval, shared by every job and command of every process
 * through Redis: one process fetches (under a lock), the others read what it stored.
 */
export interface SharedListing {
  /** A listing at most `maxAgeMs` old (default: the poll interval); `0` asks for one fetched from now on. */
  get(regionId: string, options?: { readonly maxAgeMs?: number }): Promise<ClusterListing>;
  /** The stored listing however old, without calling the cloud; undefined when there is none. */
  peek(regionId: string): Promise<ClusterListing | undefined>;
}

export interface SharedListingDeps {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly cloud: Pick<CloudProvider, 'listClusters'>;
  readonly pollIntervalMs: number;
  /** A fetcher that dies holding the lock is replaced after this long (a live one keeps extending it). */
  readonly lockMs?: number;
  readonly log?: Logger;
  readonly now?: () => number;
  /**
   * Runs in the fetching process with every new listing, before it is stored: whoever then reads
   * the listing also sees what this did (the cluster index and the ledger brought in line with it).
   * A failure is logged; the listing is stored anyway.
   */
  readonly onFetched?: (listing: ClusterListing) => Promise<void>;
}

/** Stored listings outlive their freshness so `list` and `status` can still show one, with its age. */
const KEEP_MS = 24 * 3600_000;

export function createSharedListing(deps: SharedListingDeps): SharedListing {
  const { redis, prefix, cloud } = deps;
  const now = deps.now ?? Date.now;
  // Short, so a worker killed mid-fetch holds up the region's listing for seconds, not a poll or three.
  const lockMs = deps.lockMs ?? 5_000;
  const waitMs = Math.min(100, Math.max(10, Math.round(deps.pollIntervalMs / 10)));
  const listingKey = (regionId: string) => `${prefix}:listing:${regionId}`;
  const lockKey = (regionId: string) => `${prefix}:listing-lock:${regionId}`;
  /** The newest listing this process has parsed, per region, so a fresh one is read from Redis once. */
  const memos = new Map<string, ClusterListing>();
  /** One load per region at a time in this process; concurrent callers share it. */
  const inflight = new Map<string, Promise<ClusterListing>>();

  const remember = (regionId: string, fetchedAt: number, clusters: readonly ClusterSummary[]): ClusterListing => {
    const known = memos.get(regionId);
    if (known && known.fetchedAt >= fetchedAt) return known;
    const listing = { regionId, fetchedAt, clusters, byId: new Map(clusters.map((c) => [c.clusterId, c])) };
    memos.set(regionId, listing);
    return listing;
  };

  const read = async (regionId: string, oldest: number): Promise<ClusterListing | undefined> => {
    const fetchedAt = Number((await redis.hget(listingKey(regionId), 'fetchedAt')) ?? 0);
    if (!fetchedAt || fetchedAt < oldest) return undefined;
    const known = memos.get(regionId);
    if (known?.fetchedAt === fetchedAt) return known;
    const [at, body] = await redis.hmget(listingKey(regionId), 'fetchedAt', 'clusters');
    if (!at || !body) return undefined;
    return remember(regionId, Number(at), JSON.parse(body) as ClusterSummary[]);
  };

  const fetch = async (regionId: string): Promise<ClusterListing> => {
    const startedAt = now();
    const clusters = await cloud.listClusters(regionId);
    const fresh = { regionId, fetchedAt: startedAt, clusters, byId: new Map(clusters.map((c) => [c.clusterId, c])) };
    await deps.onFetched?.(fresh).catch((error: unknown) => {
      deps.log?.warn({ regionId, err: error instanceof Error ? error.message : String(error) }, 'reconciling a listing failed');
    });
    await runScript(redis, WRITE_LISTING, [listingKey(regionId)], [startedAt, JSON.stringify(clusters), KEEP_MS]);
    deps.log?.debug({ regionId, clusters: clusters.length, ms: now() - startedAt }, 'fetched the shared cluster listing');
    return remember(regionId, startedAt, clusters);
  };

  /** Reads a listing fetched at or after `oldest`, or fetches one under the region's lock, or waits for the fetcher. */
  const load = async (regionId: string, oldest: number): Promise<ClusterListing> => {
    for (;;) {
      const stored = await read(regionId, oldest);
      if (stored) return stored;
      const token = randomUUID();
      if ((await redis.set(lockKey(regionId), token, 'PX', lockMs, 'NX')) === 'OK') {
        // A slow fetch (the cloud throttling, retried) keeps its lock while this process lives.
        const renew = setInterval(() => {
          runScript(redis, EXTEND_LOCK, [lockKey(regionId)], [token, lockMs]).catch(() => undefined);
        }, lockMs / 3);
        try {
          return (await read(regionId, oldest)) ?? (await fetch(regionId));
        } finally {
          clearInterval(renew);
          await runScript(redis, RELEASE_LOCK, [lockKey(regionId)], [token]);
        }
      }
      await new Promise((done) => setTimeout(done, waitMs));
    }
  };

  return {
    async get(regionId, options = {}) {
      const oldest = now() - (options.maxAgeMs ?? deps.pollIntervalMs);
      for (;;) {
        const known = memos.get(regionId);
        if (known && known.fetchedAt >= oldest) return known;
        let pending = inflight.get(regionId);
        if (!pending) {
          pending = load(regionId, oldest).finally(() => inflight.delete(regionId));
          inflight.set(regionId, pending);
        }
        // A load started for an older need may not satisfy this one: then start (or join) the next.
        const listing = await pending;
        if (listing.fetchedAt >= oldest) return listing;
      }
    },

    async peek(regionId) {
      const [at, body] = await redis.hmget(listingKey(regionId), 'fetchedAt', 'clusters');
      if (!at || !body) return undefined;
      return remember(regionId, Number(at), JSON.parse(body) as ClusterSummary[]);
    },
  };
}
