import type { RedisClient } from '../queue/redis-connection.js';
import { luaScript, runScript } from '../redis/run-script.js';
import { stampOnce } from './stamp-once.js';

/**
 * Idle clusters (GPUBOT_CLUSTER_IDLE): one hash, `<prefix>:lifecycle:cluster-idle`, field = cluster
 * id, value = JSON `{ idleSince, warnedAt? }`. An entry exists only while the cluster is seen idle:
 * seeing it busy (a notebook, a pod using a GPU) drops it, and with it any warning. Keeping it
 * running starts the idle count again; the deletion is claimed only for the warning it follows.
 */
export interface ClusterIdleState {
  readonly idleSince: number;
  readonly warnedAt?: number;
  /** The deletion was claimed (and queued): nothing takes it back. */
  readonly deleting?: boolean;
}

/** KEYS: states. ARGV: clusterId, now. Idle now: the entry, made with `idleSince = now` if it has none. */
const SEEN_IDLE = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then return raw end
raw = cjson.encode({ idleSince = tonumber(ARGV[2]) })
redis.call('HSET', KEYS[1], ARGV[1], raw)
return raw
`);

/** KEYS: states. ARGV: clusterId, warnedAt. The deletion, once: 1 when this warning still stands (or it was claimed). */
const CLAIM_DELETE = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local state = cjson.decode(raw)
if state.deleting then return 1 end
if state.warnedAt ~= tonumber(ARGV[2]) then return 0 end
state.deleting = true
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(state))
return 1
`);

/** KEYS: states. ARGV: clusterId. Used, or kept running: idle counts from scratch. Returns 0 when a deletion was claimed. */
const RESET = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw and cjson.decode(raw).deleting then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
return 1
`);

export interface ClusterIdleStates {
  get(clusterId: string): Promise<ClusterIdleState | undefined>;
  seenIdle(clusterId: string, now: number): Promise<ClusterIdleState>;
  /** Used or kept running: idle counts from scratch (a warning is taken back); false once a deletion was claimed. */
  reset(clusterId: string): Promise<boolean>;
  /** The cluster is gone, or its deletion failed: nothing is kept about it. */
  forget(clusterId: string): Promise<void>;
  markWarned(clusterId: string, at: number): Promise<number | undefined>;
  claimDelete(clusterId: string, warnedAt: number): Promise<boolean>;
}

export function createClusterIdleStates(redis: RedisClient, prefix: string): ClusterIdleStates {
  const key = `${prefix}:lifecycle:cluster-idle`;
  return {
    async get(clusterId) {
      const raw = await redis.hget(key, clusterId);
      return raw ? (JSON.parse(raw) as ClusterIdleState) : undefined;
    },
    async seenIdle(clusterId, now) {
      return JSON.parse((await runScript(redis, SEEN_IDLE, [key], [clusterId, now])) as string) as ClusterIdleState;
    },
    async reset(clusterId) {
      return (await runScript(redis, RESET, [key], [clusterId])) === 1;
    },
    async forget(clusterId) {
      await redis.hdel(key, clusterId);
    },
    // The warning's time: `at` the first time, the earlier one after.
    markWarned: (clusterId, at) => stampOnce(redis, key, clusterId, 'warnedAt', at),
    async claimDelete(clusterId, warnedAt) {
      return (await runScript(redis, CLAIM_DELETE, [key], [clusterId, warnedAt])) === 1;
    },
  };
}
