import { luaScript } from '../redis/run-script.js';

/**
 * The atomic steps of a cluster's lifecycle record, `<prefix>:lifecycle:cluster:<clusterId>` (a
 * hash: identity fields, `createdAt`, `ttlMs`, `expiresAt`, `state`). `state` is `active` until the
 * expiry is claimed (`expiring`); extending and claiming run as scripts, so an extension and the
 * expiry racing each other have one winner.
 */

/**
 * KEYS: record. ARGV: byMs, maxTtlMs.
 * Returns {'extended', newExpiresAt, oldExpiresAt}, {'cap', latestExpiresAt}, {'state', state} or {'missing'}.
 */
export const EXTEND = luaScript(`
local fields = redis.call('HMGET', KEYS[1], 'state', 'createdAt', 'expiresAt')
if not fields[1] then return {'missing'} end
if fields[1] ~= 'active' then return {'state', fields[1]} end
local latest = tonumber(fields[2]) + tonumber(ARGV[2])
local wanted = tonumber(fields[3]) + tonumber(ARGV[1])
if wanted > latest then return {'cap', tostring(latest)} end
redis.call('HSET', KEYS[1], 'expiresAt', tostring(wanted))
redis.call('HINCRBY', KEYS[1], 'extensions', 1)
return {'extended', tostring(wanted), fields[3]}
`);

/**
 * KEYS: record. ARGV: now.
 * Returns {'claimed'} (now, or by an earlier run of the same expiry), {'later', expiresAt} or {'missing'}.
 */
export const CLAIM_EXPIRY = luaScript(`
local fields = redis.call('HMGET', KEYS[1], 'state', 'expiresAt')
if not fields[1] then return {'missing'} end
if fields[1] == 'expiring' then return {'claimed'} end
if tonumber(ARGV[1]) < tonumber(fields[2]) then return {'later', fields[2]} end
redis.call('HSET', KEYS[1], 'state', 'expiring')
return {'claimed'}
`);

/**
 * KEYS: record, index. ARGV: clusterId, then field/value pairs.
 * Creates the record unless it exists (the first writer wins: a retried job must not restart the
 * clock). Returns 1 when created, 0 when it existed.
 */
export const TRACK = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`);
