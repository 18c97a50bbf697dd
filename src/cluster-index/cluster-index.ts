import type { RedisClient } from '../queue/redis-connection.js';
import { runScript } from '../redis/run-script.js';
import { CLAIM_NAME, CONFIRM, DELETE_IF_EQUAL, FORGET } from './index-scripts.js';

/** What the index knows of one create request. */
export interface ClusterRecord {
  readonly requestId: string;
  readonly regionId: string;
  readonly name: string;
  readonly claimedAt: number;
  /** Set once CreateCluster answered, or the cluster was found by its request tag. */
  readonly clusterId?: string;
  readonly confirmedAt?: number;
}

/** Who holds a name: a gpubot request, or a cluster in the account that gpubot did not create. */
export type NameHolder = { readonly requestId: string } | { readonly clusterId: string };

export type NameClaim =
  | { readonly status: 'claimed' }
  | { readonly status: 'already-held' }
  | { readonly status: 'taken'; readonly holder: NameHolder };

export type Confirmation = 'confirmed' | 'already-confirmed';

/** A cluster as the region's listing shows it; `requestId` from its gpubot request tag, if any. */
export interface ListedCluster {
  readonly clusterId: string;
  readonly name: string;
  readonly requestId?: string;
}

/**
 * Cluster names per region and request → cluster id, in Redis, so "is this name free?" and "did this
 * request already create a cluster?" need no listing of the region. The name is claimed before
 * CreateCluster and confirmed with the cluster id after; ACK stays the authority through
 * `reconcileRegion`, run on the shared listing.
 */
export interface ClusterIndex {
  /** Claims `name` in the region for the request (a request claims one name); idempotent. */
  claimName(requestId: string, regionId: string, name: string): Promise<NameClaim>;
  /** Records the request's cluster; creates the record when the index lacked it. Throws on a second, different cluster. */
  confirm(requestId: string, cluster: { regionId: string; name: string; clusterId: string }): Promise<Confirmation>;
  byRequest(requestId: string): Promise<ClusterRecord | undefined>;
  /** The records of these requests that the index has, read in a few round trips. */
  byRequests(requestIds: Iterable<string>): Promise<Map<string, ClusterRecord>>;
  byName(regionId: string, name: string): Promise<NameHolder | undefined>;
  byCluster(clusterId: string): Promise<ClusterRecord | undefined>;
  /** The request's cluster is deleted, or it gave up before creating one: its name is free again. */
  forget(requestId: string): Promise<boolean>;
  /**
   * Brings the region's entries in line with a listing fetched at `fetchedAt`: records clusters the
   * index lacks (by request tag, or as names held by clusters gpubot did not create), and forgets
   * requests whose confirmed cluster is gone, or whose claim is older than `staleAfterMs` with no
   * cluster. Entries written after the listing was fetched are left alone.
   */
  reconcileRegion(
    regionId: string,
    listing: { readonly clusters: readonly ListedCluster[]; readonly fetchedAt: number },
    options: { readonly staleAfterMs: number },
  ): Promise<{ readonly recorded: number; readonly forgotten: number }>;
}

const EXTERNAL = 'cluster:';
/** Records read per pipelined round trip. */
const BATCH = 200;

function holderOf(value: string): NameHolder {
  return value.startsWith(EXTERNAL) ? { clusterId: value.slice(EXTERNAL.length) } : { requestId: value };
}

export function createClusterIndex(deps: { redis: RedisClient; prefix: string; now?: () => number }): ClusterIndex {
  const { redis, prefix } = deps;
  const now = deps.now ?? Date.now;
  const reqKey = (requestId: string) => `${prefix}:cidx:req:${requestId}`;
  const namesKey = (regionId: string) => `${prefix}:cidx:names:${regionId}`;
  const clustersKey = `${prefix}:cidx:clusters`;

  const toRecord = (requestId: string, r: Record<string, string>): ClusterRecord | undefined => {
    if (!r.regionId || !r.name) return undefined;
    return {
      requestId,
      regionId: r.regionId,
      name: r.name,
      claimedAt: Number(r.claimedAt ?? 0),
      ...(r.clusterId ? { clusterId: r.clusterId, confirmedAt: Number(r.confirmedAt ?? 0) } : {}),
    };
  };

  const byRequest = async (requestId: string): Promise<ClusterRecord | undefined> =>
    toRecord(requestId, await redis.hgetall(reqKey(requestId)));

  /**
   * Many records in pipelined batches: a listing of 1,000 clusters is reconciled every poll
   * interval, and one round trip per cluster kept a worker busy writing commands.
   */
  const byRequests = async (requestIds: Iterable<string>): Promise<Map<string, ClusterRecord>> => {
    const ids = [...new Set(requestIds)];
    const records = new Map<string, ClusterRecord>();
    for (let from = 0; from < ids.length; from += BATCH) {
      const batch = ids.slice(from, from + BATCH);
      const pipeline = redis.pipeline();
      for (const id of batch) pipeline.hgetall(reqKey(id));
      const answers = (await pipeline.exec()) ?? [];
      batch.forEach((id, i) => {
        const [error, fields] = answers[i] ?? [new Error('no answer')];
        if (error) throw error;
        const record = toRecord(id, fields as Record<string, string>);
        if (record) records.set(id, record);
      });
    }
    return records;
  };

  /** Forgets the record only while it is still as read: 1 forgotten, 0 absent, -1 changed since. */
  const forgetIfUnchanged = async (record: ClusterRecord): Promise<number> =>
    Number(
      await runScript(
        redis,
        FORGET,
        [reqKey(record.requestId), namesKey(record.regionId), clustersKey],
        [record.requestId, record.regionId, record.name, record.clusterId ?? ''],
      ),
    );

  const forget = async (requestId: string): Promise<boolean> => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const record = await byRequest(requestId);
      if (!record) return false;
      const answer = await forgetIfUnchanged(record);
      if (answer >= 0) return answer === 1;
    }
    throw new Error(`the index record of request ${requestId} kept changing while it was being forgotten`);
  };

  const index: ClusterIndex = {
    async claimName(requestId, regionId, name) {
      const answer = (await runScript(
        redis,
        CLAIM_NAME,
        [namesKey(regionId), reqKey(requestId)],
        [name, requestId, regionId, now()],
      )) as string[];
      if (answer[0] === 'claimed') return { status: 'claimed' };
      if (answer[0] === 'held') return { status: 'already-held' };
      if (answer[0] === 'taken') return { status: 'taken', holder: holderOf(String(answer[1])) };
      throw new Error(
        `request ${requestId} already claimed ${answer[2]} in ${answer[1]}; it cannot claim ${name} in ${regionId} too`,
      );
    },

    async confirm(requestId, { regionId, name, clusterId }) {
      const answer = (await runScript(
        redis,
        CONFIRM,
        [reqKey(requestId), namesKey(regionId), clustersKey],
        [requestId, regionId, name, clusterId, now()],
      )) as string[];
      if (answer[0] === 'confirmed') return 'confirmed';
      if (answer[0] === 'held') return 'already-confirmed';
      if (answer[0] === 'conflict') throw new Error(`request ${requestId} already has cluster ${answer[1]}, not ${clusterId}`);
      throw new Error(`request ${requestId} claimed ${answer[2]} in ${answer[1]}, not ${name} in ${regionId}`);
    },

    byRequest,
    byRequests,

    async byName(regionId, name) {
      const holder = await redis.hget(namesKey(regionId), name);
      return holder ? holderOf(holder) : undefined;
    },

    async byCluster(clusterId) {
      const requestId = await redis.hget(clustersKey, clusterId);
      return requestId ? byRequest(requestId) : undefined;
    },

    forget,

    async reconcileRegion(regionId, listing, { staleAfterMs }) {
      let recorded = 0;
      let forgotten = 0;
      const listed = new Set(listing.clusters.map((cluster) => cluster.clusterId));
      const tagged = new Set(listing.clusters.flatMap((cluster) => (cluster.requestId ? [cluster.requestId] : [])));
      const knownRecords = await byRequests(tagged);
      for (const cluster of listing.clusters) {
        if (cluster.requestId) {
          const known = knownRecords.get(cluster.requestId);
          if (known?.clusterId === cluster.clusterId) continue;
          if (known?.clusterId) continue; // a request with two clusters: leave it for a person to sort out
          if (known && known.name !== cluster.name) continue;
          await index.confirm(cluster.requestId, { regionId, name: cluster.name, clusterId: cluster.clusterId });
          recorded += 1;
        } else if ((await redis.hsetnx(namesKey(regionId), cluster.name, `${EXTERNAL}${cluster.clusterId}`)) === 1) {
          recorded += 1;
        }
      }
      const names = Object.entries(await redis.hgetall(namesKey(regionId)));
      const records = await byRequests(names.flatMap(([, value]) => (value.startsWith(EXTERNAL) ? [] : [value])));
      for (const [name, value] of names) {
        if (value.startsWith(EXTERNAL)) {
          if (!listed.has(value.slice(EXTERNAL.length))) {
            forgotten += Number(await runScript(redis, DELETE_IF_EQUAL, [namesKey(regionId)], [name, value]));
          }
          continue;
        }
        const record = records.get(value);
        if (!record) {
          // A name whose request record is gone (a crash between two writes elsewhere): free it.
          forgotten += Number(await runScript(redis, DELETE_IF_EQUAL, [namesKey(regionId)], [name, value]));
          continue;
        }
        const gone = record.clusterId
          ? !listed.has(record.clusterId) && (record.confirmedAt ?? 0) < listing.fetchedAt
          : !tagged.has(value) && record.claimedAt < listing.fetchedAt - staleAfterMs;
        if (gone && (await forgetIfUnchanged(record)) === 1) forgotten += 1;
      }
      return { recorded, forgotten };
    },
  };
  return index;
}
