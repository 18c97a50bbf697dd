import type { RedisClient } from '../queue/redis-connection.js';

/**
 * The regions gpubot has created clusters in (plus the default one). Listing is per region in
 * ACK, so this is where `list`, `status` and `delete` look.
 */
export interface KnownRegions {
  all(): Promise<string[]>;
  add(regionId: string): Promise<void>;
}

export function createKnownRegions(redis: RedisClient, prefix: string, defaultRegion: string): KnownRegions {
  const key = `${prefix}:regions`;
  return {
    async all() {
      const stored = await redis.smembers(key);
      return [...new Set([defaultRegion, ...stored])].sort();
    },
    async add(regionId) {
      await redis.sadd(key, regionId);
    },
  };
}
