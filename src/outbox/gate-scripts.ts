import { luaScript } from '../redis/run-script.js';
/**
 * The Lua behind the call guard, so that checking and updating shared state is one atomic step
 * however many bot processes deliver at once.
 */

/**
 * Before a call. KEYS: the gates that apply (platform, method, channel), then the pacing keys.
 * ARGV: now, number of gates, probe lease ms, recheck ms, then interval ms and burst per pacing key.
 * A gate whose `until` lies ahead refuses; one whose `until` has passed is half open: exactly one
 * caller (holding the probe lease) may try. Pacing is a GCRA (a token bucket kept as one
 * timestamp, which expires once it lies in the past: an absent key means a full bucket). Returns {0, wait ms} or {1, index of each gate being probed...}.
 */
export const ENTER_GATES = luaScript(`
local now = tonumber(ARGV[1])
local gates = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
local recheck = tonumber(ARGV[4])
local tats = {}
for i = gates + 1, #KEYS do
  local j = 5 + (i - gates - 1) * 2
  local interval = tonumber(ARGV[j])
  local burst = tonumber(ARGV[j + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  local allowed = tat - (burst - 1) * interval
  if now < allowed then return {0, math.ceil(allowed - now)} end
  tats[i] = tat + interval
end
local probes = {}
for i = 1, gates do
  local untilAt = tonumber(redis.call('HGET', KEYS[i], 'until') or '0')
  if untilAt > now then
    for _, k in ipairs(probes) do redis.call('DEL', KEYS[k] .. ':probe') end
    return {0, math.ceil(untilAt - now)}
  end
  if untilAt > 0 then
    if not redis.call('SET', KEYS[i] .. ':probe', '1', 'NX', 'PX', lease) then
      for _, k in ipairs(probes) do redis.call('DEL', KEYS[k] .. ':probe') end
      return {0, recheck}
    end
    table.insert(probes, i)
  end
end
for i, tat in pairs(tats) do
  redis.call('SET', KEYS[i], tostring(tat), 'PX', math.ceil(tat - now) + 1000)
end
local result = {1}
for _, k in ipairs(probes) do table.insert(result, k) end
return result
`);

/**
 * After a failed call. KEYS[1]: the gate to close. ARGV: now, Retry-After ms (-1: none), base ms,
 * cap ms, keep ms. Without a Retry-After the wait doubles with each failed probe up to the cap
 * (calls that were already in flight when the gate closed do not count); a gate is never reopened
 * earlier than another failure already asked. Returns the wait in ms.
 */
export const CLOSE_GATE = luaScript(`
local now = tonumber(ARGV[1])
local retryAfter = tonumber(ARGV[2])
local current = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
if current <= now then
  failures = failures + 1
  redis.call('HSET', KEYS[1], 'failures', failures)
end
local wait = retryAfter
if wait < 0 then wait = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ (failures - 1)) end
local untilAt = now + wait
if current > untilAt then untilAt = current end
redis.call('HSET', KEYS[1], 'until', tostring(untilAt))
redis.call('PEXPIRE', KEYS[1], math.ceil(untilAt - now) + tonumber(ARGV[5]))
redis.call('DEL', KEYS[1] .. ':probe')
return math.ceil(untilAt - now)
`);
