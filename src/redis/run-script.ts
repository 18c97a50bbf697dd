import { createHash } from 'node:crypto';
import type { RedisClient } from '../queue/redis-connection.js';

/** A Lua script and its SHA1, so Redis runs it from its script cache (EVALSHA) after the first call. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/**
 * Runs a script atomically. Every key it touches is passed in `keys` (Redis Cluster routes the call
 * by them, and they share the prefix's hash tag, so they are on one slot). A server that does not
 * have the script cached yet (NOSCRIPT: new, restarted, or failed over) gets its source once.
 */
export async function runScript(
  redis: RedisClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha1, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}
