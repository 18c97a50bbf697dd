import { Redis } from 'ioredis';
import type { RedisClient } from '../queue/redis-connection.js';

/** Redis's glob specials, so a prefix or a name is matched literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (special) => `\\${special}`);
}

/**
 * Keys that start with `pattern` up to its last `*` (which stays a wildcard): SCAN, never KEYS,
 * on every master of a Cluster (gpubot's keys share one hash slot, so only one of them has any).
 */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const literal = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern;
  const match = `${escapeGlob(literal)}${pattern.endsWith('*') ? '*' : ''}`;
  const nodes = redis instanceof Redis ? [redis] : redis.nodes('master');
  const keys: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
  }
  return keys;
}
