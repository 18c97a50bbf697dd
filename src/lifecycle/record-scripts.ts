import { luaScript } from '../redis/run-script.js';

/**
 * The atomic steps of the cluster lifecycle records. All records live in one hash,
 * `<prefix>:lifecycle:clusters`: field = cluster id, value = the record as JSON (one key for
 * every cluster keeps Redis small). `state` is `active` until the expiry is claimed (`expiring`);
 * extending and claiming run as scripts, so an extension and the expiry racing each other have one
 * winner. Times are integers of milliseconds, exact in Lua's doubles and in cjson's 14 digits.
 */

/** KEYS: records. ARGV: clusterId, JSON. Creates the record unless it exists (the first writer wins). */
export const TRACK = luaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
`);

/** KEYS: records. ARGV: clusterId, nodes. The cluster's GPU workers after a scale; 0 when there is no record. */
export const RESIZE = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local record = cjson.decode(raw)
record.nodes = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1
`);

/**
 * KEYS: records. ARGV: clusterId, byMs, maxTtlMs, now, warnBeforeMs.
 * Returns {'extended', newExpiresAt, oldExpiresAt}, {'cap', latestExpiresAt}, {'state', state} or {'missing'}.
 * An extension whose warning time has already passed counts as warned: whoever extended was just
 * told when the cluster expires.
 */
export const EXTEND = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {'missing'} end
local record = cjson.decode(raw)
if record.state ~= 'active' then return {'state', record.state} end
local latest = record.createdAt + tonumber(ARGV[3])
local previous = record.expiresAt
local wanted = previous + tonumber(ARGV[2])
if wanted > latest then return {'cap', string.format('%d', latest)} end
record.expiresAt = wanted
if wanted - tonumber(ARGV[5]) <= tonumber(ARGV[4]) then record.warnedFor = wanted end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return {'extended', string.format('%d', wanted), string.format('%d', previous)}
`);

/**
 * KEYS: records. ARGV: clusterId, now.
 * Returns {'claimed'} (now, or by an earlier run of the same expiry), {'later', expiresAt} or {'missing'}.
 */
export const CLAIM_EXPIRY = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {'missing'} end
local record = cjson.decode(raw)
if record.state == 'expiring' then return {'claimed'} end
if tonumber(ARGV[2]) < record.expiresAt then return {'later', string.format('%d', record.expiresAt)} end
record.state = 'expiring'
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return {'claimed'}
`);

/**
 * KEYS: records. ARGV: clusterId, expiresAt. Marks the warning for that expiry as sent; returns 1
 * the first time, 0 when it was sent before (or the record is gone).
 */
export const MARK_WARNED = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.warnedFor == tonumber(ARGV[2]) then return 0 end
record.warnedFor = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1
`);
