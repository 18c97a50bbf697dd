import type { RedisClient } from '../queue/redis-connection.js';
import { luaScript, runScript } from '../redis/run-script.js';

/** Where a notebook name lives: the cluster, the start that holds it and its owner. */
export interface NotebookPlace {
  readonly requestId: string;
  readonly clusterId: string;
  readonly regionId: string;
  readonly clusterName: string;
  readonly owner: string;
  /** When the start claimed the name (0: learned from a cluster); a fresh claim with no objects yet is a start under way. */
  readonly claimedAt: number;
}

export type NotebookClaim = { readonly status: 'claimed' } | { readonly status: 'taken'; readonly holder: NotebookPlace };

/**
 * Notebook name → cluster, in Redis, so a start, stop or delete looks at one cluster instead of
 * asking every cluster whether it has the name. The clusters stay the authority: a place is
 * checked there before it is trusted, and a stale one (its cluster gone) is replaced.
 */
export interface NotebookIndex {
  lookup(name: string): Promise<NotebookPlace | undefined>;
  /**
   * Records `place` for the name if the index still holds what the caller looked at: `seen` is the
   * request id of the place it saw ('' for none), decided on by looking at that cluster. Holding it
   * already (a rerun) is a claim too. Anything else is another start that got there first.
   */
  claim(name: string, place: NotebookPlace, seen: string): Promise<NotebookClaim>;
  /** Records what a cluster showed, unless the name is already recorded (notebooks older than the index). */
  learn(name: string, place: NotebookPlace): Promise<void>;
  /** The notebook is gone: forgets the name if it is still recorded with this request or on this cluster. */
  forget(name: string, match: { readonly requestId?: string; readonly clusterId?: string }): Promise<void>;
}

/** KEYS: the index hash. ARGV: name, place (JSON), requestId, seen ('' for none). Returns the holder's place when taken. */
const CLAIM = luaScript(`
local current = redis.call('HGET', KEYS[1], ARGV[1])
local holder = ''
if current then holder = cjson.decode(current).requestId end
if holder ~= ARGV[3] and holder ~= ARGV[4] then return current end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return false
`);

/** KEYS: the index hash. ARGV: name, requestId ('' for any), clusterId ('' for any). */
const FORGET = luaScript(`
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return 0 end
local place = cjson.decode(current)
if (ARGV[2] ~= '' and place.requestId ~= ARGV[2]) or (ARGV[3] ~= '' and place.clusterId ~= ARGV[3]) then return 0 end
return redis.call('HDEL', KEYS[1], ARGV[1])
`);

export function createNotebookIndex(deps: { redis: RedisClient; prefix: string }): NotebookIndex {
  const { redis } = deps;
  const key = `${deps.prefix}:nbidx`;
  const encode = (place: NotebookPlace) =>
    JSON.stringify({
      requestId: place.requestId,
      clusterId: place.clusterId,
      regionId: place.regionId,
      clusterName: place.clusterName,
      owner: place.owner,
      claimedAt: place.claimedAt,
    });
  return {
    async lookup(name) {
      const raw = await redis.hget(key, name);
      return raw ? (JSON.parse(raw) as NotebookPlace) : undefined;
    },
    async claim(name, place, seen) {
      const taken = await runScript(redis, CLAIM, [key], [name, encode(place), place.requestId, seen]);
      return typeof taken === 'string' ? { status: 'taken', holder: JSON.parse(taken) as NotebookPlace } : { status: 'claimed' };
    },
    async learn(name, place) {
      await redis.hsetnx(key, name, encode(place));
    },
    async forget(name, match) {
      if (!match.requestId && !match.clusterId) throw new Error('forget needs a request or a cluster to match');
      await runScript(redis, FORGET, [key], [name, match.requestId ?? '', match.clusterId ?? '']);
    },
  };
}
