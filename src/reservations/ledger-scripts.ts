import { luaScript } from '../redis/run-script.js';

/**
 * The ledger's atomic steps. Keys (all under the prefix's hash tag, so one slot):
 *   hold:<id>           hash  <resource> -> amount, '#at' -> when it was reserved (ms)
 *   res:<resource>      hash  'base' (counted outside the holds), 'held' (sum of holds), 'reconciledAt'
 *   holders:<resource>  hash  <id> -> amount (who holds it; `held` is their sum)
 *   accrued:<resource>  hash  <accrual id> -> total counted into `base` so far (daily kinds that accrue)
 * Field names starting with '#' are metadata: resource names never start with '#'.
 */

/**
 * KEYS: hold, then per claim res and holders, then optionally a set the id is added to once held
 * (the caller's list of its holds). ARGV: id, now, expireAt ('' = never), then per claim resource,
 * amount, limit ('' = counted, not limited). Checks every claim before writing any.
 * Returns {'held'}, {'reserved'} or {'refused', resource, used, limit, amount}.
 */
export const RESERVE = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {'held'} end
local claims = math.floor((#KEYS - 1) / 2)
for i = 1, claims do
  local a = 4 + (i - 1) * 3
  local limit = ARGV[a + 2]
  if limit ~= '' then
    local counts = redis.call('HMGET', KEYS[2 * i], 'base', 'held')
    local used = (tonumber(counts[1]) or 0) + (tonumber(counts[2]) or 0)
    if used + tonumber(ARGV[a + 1]) > tonumber(limit) then
      return {'refused', ARGV[a], tostring(used), limit, ARGV[a + 1]}
    end
  end
end
redis.call('HSET', KEYS[1], '#at', ARGV[2])
for i = 1, claims do
  local a = 4 + (i - 1) * 3
  redis.call('HINCRBY', KEYS[2 * i], 'held', ARGV[a + 1])
  redis.call('HSET', KEYS[2 * i + 1], ARGV[1], ARGV[a + 1])
  redis.call('HSET', KEYS[1], ARGV[a], ARGV[a + 1])
  if ARGV[3] ~= '' then
    redis.call('PEXPIREAT', KEYS[2 * i], ARGV[3])
    redis.call('PEXPIREAT', KEYS[2 * i + 1], ARGV[3])
  end
end
if ARGV[3] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[3]) end
if #KEYS % 2 == 0 then redis.call('SADD', KEYS[#KEYS], ARGV[1]) end
return {'reserved'}
`);

/**
 * KEYS: hold, then per resource the caller read from the hold: res and holders. ARGV: id, then
 * those resources. Returns 1 released, 0 nothing held, -1 the hold is not what the caller read (retry).
 */
export const RELEASE = luaScript(`
local fields = redis.call('HKEYS', KEYS[1])
if #fields == 0 then return 0 end
local resources = 0
for _, field in ipairs(fields) do
  if string.sub(field, 1, 1) ~= '#' then resources = resources + 1 end
end
if resources ~= #ARGV - 1 then return -1 end
for i = 2, #ARGV do
  if not redis.call('HGET', KEYS[1], ARGV[i]) then return -1 end
end
for i = 1, #ARGV - 1 do
  local amount = tonumber(redis.call('HGET', KEYS[1], ARGV[i + 1]))
  if redis.call('HDEL', KEYS[2 * i + 1], ARGV[1]) == 1 then
    if redis.call('HINCRBY', KEYS[2 * i], 'held', -amount) < 0 then redis.call('HSET', KEYS[2 * i], 'held', 0) end
  end
  -- A resource nothing holds and nothing reconciled (e.g. one cluster's nodes) leaves no key behind.
  if tonumber(redis.call('HGET', KEYS[2 * i], 'held') or '0') == 0 and redis.call('HEXISTS', KEYS[2 * i], 'base') == 0 then
    redis.call('DEL', KEYS[2 * i])
  end
end
redis.call('DEL', KEYS[1])
return 1
`);

/**
 * KEYS: res, holders, then the holds of the ids the live count already includes. ARGV: live count,
 * resource, now. The base becomes what the live count has beyond those holds; `held` is recounted
 * from the holders. Returns {base, held}.
 */
export const RECONCILE = luaScript(`
local covered = 0
for i = 3, #KEYS do
  covered = covered + (tonumber(redis.call('HGET', KEYS[i], ARGV[2])) or 0)
end
local base = math.max(0, tonumber(ARGV[1]) - covered)
local held = 0
for _, amount in ipairs(redis.call('HVALS', KEYS[2])) do held = held + tonumber(amount) end
redis.call('HSET', KEYS[1], 'base', base, 'held', held, 'reconciledAt', ARGV[3])
return {base, held}
`);

/**
 * KEYS: res, accrued. ARGV: accrual id, total so far, expireAt ('' = never). Raises what the id
 * has counted into `base` to `total`; a smaller or equal total changes nothing, so concurrent or
 * repeated accruals of the same id never count twice. Returns what was added.
 */
export const ACCRUE = luaScript(`
local before = tonumber(redis.call('HGET', KEYS[2], ARGV[1])) or 0
local total = tonumber(ARGV[2])
if total <= before then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], total)
redis.call('HINCRBY', KEYS[1], 'base', total - before)
if ARGV[3] ~= '' then
  redis.call('PEXPIREAT', KEYS[1], ARGV[3])
  redis.call('PEXPIREAT', KEYS[2], ARGV[3])
end
return total - before
`);

/**
 * KEYS: hold, then per resource res and holders. ARGV: id, then per resource: resource, amount.
 * Sets what an existing hold holds of each resource to `amount` (a cluster that was scaled holds
 * what it has now), adjusting `held` by the difference. Absolute, so a repeat changes nothing; a
 * hold that is gone (released meanwhile) is not brought back. No limit: the change has happened.
 * Returns 1 resized, 0 no such hold.
 */
export const RESIZE = luaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 1, (#ARGV - 1) / 2 do
  local resource = ARGV[2 * i]
  local amount = tonumber(ARGV[2 * i + 1])
  local before = tonumber(redis.call('HGET', KEYS[1], resource)) or 0
  if amount ~= before then
    if redis.call('HINCRBY', KEYS[2 * i], 'held', amount - before) < 0 then redis.call('HSET', KEYS[2 * i], 'held', 0) end
    redis.call('HSET', KEYS[2 * i + 1], ARGV[1], amount)
    redis.call('HSET', KEYS[1], resource, amount)
  end
end
return 1
`);
