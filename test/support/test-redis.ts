import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RedisClient } from '../../src/queue/redis-connection.js';

/** Tests share one Redis but never each other's keys: database 15 and a fresh prefix per test. */
export const TEST_REDIS_URL = process.env.GPUBOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

/**
 * Tests accept a Redis that may lose work: the machine's shared test Redis runs without AOF (it is
 * the machine's, started with --appendonly no, and tests never change its configuration), so they
 * say so explicitly with the override gpubot requires for such a Redis.
 */
export const TEST_REDIS_PERSISTENCE = { GPUBOT_REDIS_PERSISTENCE: 'unsafe' } as const;

/** The environment that points gpubot at the shared test Redis. */
export const TEST_REDIS_ENV = { REDIS_URL: TEST_REDIS_URL, ...TEST_REDIS_PERSISTENCE } as const;

/** A fresh prefix with a hash tag, as gpubot writes its own (`{gpubot}` by default). */
export function testPrefix(): string {
  return `{gpubot-test-${randomUUID().slice(0, 8)}}`;
}

export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
}

/** Every key under the prefix (BullMQ's and gpubot's own), for secret scans and clean-up; on a Cluster, from every master. */
export async function keysWithPrefix(redis: RedisClient, prefix: string): Promise<string[]> {
  // A Cluster client knows its masters once it is ready; a command waits for that.
  if (!(redis instanceof Redis)) await redis.ping();
  const nodes = redis instanceof Redis ? [redis] : redis.nodes('master');
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
  }
  return keys;
}

/** A dump of every value under the prefix as text, to assert that no secret is stored. */
export async function dumpPrefix(redis: RedisClient, prefix: string): Promise<string> {
  const parts: string[] = [];
  for (const key of await keysWithPrefix(redis, prefix)) {
    const type = await redis.type(key);
    if (type === 'string') parts.push(String(await redis.get(key)));
    else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1)));
    else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

export async function cleanPrefix(redis: RedisClient, prefix: string): Promise<void> {
  const keys = await keysWithPrefix(redis, prefix);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
}
