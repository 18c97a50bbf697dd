import { luaScript } from '../redis/run-script.js';

/**
 * The atomic steps of the idle-notebook records: one hash, `<prefix>:lifecycle:notebooks`, field =
 * notebook name (unique across gpubot's clusters), value = the record as JSON. A warning, a
 * "Keep running" and the stop racing each other have one winner: the stop is claimed only for the
 * warning it follows, and keeping clears that warning.
 */

/** KEYS: records. ARGV: name, at. Warns once: returns the warning's time (this one or an earlier), or false. */
export const MARK_IDLE_WARNED = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local record = cjson.decode(raw)
if record.state ~= 'watching' then return false end
if record.warnedAt == nil then
  record.warnedAt = tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
end
return string.format('%d', record.warnedAt)
`);

/** KEYS: records. ARGV: name, warnedAt. The notebook was used after that warning: it no longer stands. */
export const CLEAR_IDLE_WARNING = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.state ~= 'watching' or record.warnedAt ~= tonumber(ARGV[2]) then return 0 end
record.warnedAt = nil
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1
`);

/** KEYS: records. ARGV: name, now. "Keep running": idle counts from now again. Returns 'kept', 'stopping' or 'missing'. */
export const KEEP_RUNNING = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 'missing' end
local record = cjson.decode(raw)
if record.state ~= 'watching' then return record.state end
record.warnedAt = nil
record.keptAt = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 'kept'
`);

/** KEYS: records. ARGV: name, warnedAt. Returns 'claimed' (now or before) or 'moved' (kept, used, gone). */
export const CLAIM_IDLE_STOP = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 'moved' end
local record = cjson.decode(raw)
if record.state == 'stopping' then return 'claimed' end
if record.warnedAt ~= tonumber(ARGV[2]) then return 'moved' end
record.state = 'stopping'
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 'claimed'
`);

/** KEYS: records. ARGV: name, now. A stop that failed: the notebook is watched again, idle from now. */
export const RESUME_WATCHING = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local record = cjson.decode(raw)
record.state = 'watching'
record.warnedAt = nil
record.keptAt = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1
`);

/** KEYS: records. ARGV: name. Activity was read again: it is no longer unreadable. */
export const MARK_READABLE = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.unreadableSince == nil then return 0 end
record.unreadableSince = nil
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1
`);
