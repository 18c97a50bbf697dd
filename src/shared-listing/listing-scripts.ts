import { luaScript } from '../redis/run-script.js';

/**
 * KEYS: listing. ARGV: fetchedAt, clusters (JSON), keep (ms). Writes the listing unless a newer one
 * is already there (a fetcher whose lock lapsed must not overwrite a later listing). Returns 1 or 0.
 */
export const WRITE_LISTING = luaScript(`
local current = tonumber(redis.call('HGET', KEYS[1], 'fetchedAt') or '0')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'fetchedAt', ARGV[1], 'clusters', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

/** KEYS: lock. ARGV: token. Releases the lock only if this fetcher still holds it. */
export const RELEASE_LOCK = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** KEYS: lock. ARGV: token, ms. Extends the lock only if this fetcher still holds it. */
export const EXTEND_LOCK = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);
