import type { RedisClient } from '../queue/redis-connection.js';

/**
 * Short-lived answers of the cloud shared by every job of every process through Redis: the account
 * quota, the GPU stock of a region's zones, a cluster's vSwitch zones. Never for secrets.
 */
export interface SharedCache {
  /** The value stored under `key` if younger than `ttlMs`; otherwise `load()`'s, stored for the others. */
  get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T>;
}

export function createSharedCache(deps: { readonly redis: RedisClient; readonly prefix: string }): SharedCache {
  /** One load per key at a time in this process: a thousand jobs asking at once make one call. */
  const inflight = new Map<string, Promise<unknown>>();
  const keyOf = (key: string) => `${deps.prefix}:cache:${key}`;
  return {
    get<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
      const pending = inflight.get(key);
      if (pending) return pending as Promise<T>;
      const loading = (async () => {
        const stored = await deps.redis.get(keyOf(key));
        if (stored !== null) return JSON.parse(stored) as T;
        const value = await load();
        await deps.redis.set(keyOf(key), JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
        return value;
      })().finally(() => inflight.delete(key));
      inflight.set(key, loading);
      return loading;
    },
  };
}
