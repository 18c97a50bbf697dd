import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

export type RedisTarget = { url: string } | { path: string };

/**
 * ioredis options for a target. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on
 * Redis); the same options are fine for producers, which then wait for Redis instead of failing.
 */
export function redisOptions(target: RedisTarget): RedisOptions {
  const base: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true };
  if ('path' in target) return { ...base, path: target.path };
  const url = new URL(target.url);
  const db = Number(url.pathname.replace('/', '') || 0);
  return {
    ...base,
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(Number.isFinite(db) ? { db } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

export function connectRedis(target: RedisTarget): Redis {
  return new Redis(redisOptions(target));
}

/** The same options typed for BullMQ (its option type is structural, ioredis's is nominal). */
export function queueConnection(target: RedisTarget): ConnectionOptions {
  return { ...redisOptions(target) } as ConnectionOptions;
}
