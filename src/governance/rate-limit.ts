import type { RedisClient } from '../queue/redis-connection.js';
import { luaScript, runScript } from '../redis/run-script.js';

/**
 * A token bucket per person, in Redis so every bot replica shares it, updated by one Lua script
 * so concurrent commands cannot both take the last token. The bucket holds `perMinute` tokens and
 * refills continuously; Redis's own clock is used, so replicas with skewed clocks agree.
 *
 * A refused command answers `refused` once per flood (the person is told, once) and `silent`
 * afterwards, until a command is allowed again: a flood gets one message, not one per command.
 */
const TAKE_TOKEN = luaScript(`
if redis.replicate_commands then redis.replicate_commands() end
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'told')
local tokens = tonumber(stored[1]) or capacity
local at = tonumber(stored[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
local verdict = 'allowed'
local told = '0'
if tokens >= 1 then
  tokens = tokens - 1
elseif stored[3] == '1' then
  verdict = 'silent'
  told = '1'
else
  verdict = 'refused'
  told = '1'
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now), 'told', told)
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 60000)
local wait_ms = 0
if tokens < 1 then wait_ms = math.ceil((1 - tokens) / per_ms) end
return {verdict, wait_ms}
`);

export type RateVerdict =
  | { readonly verdict: 'allowed' }
  /** Over the limit, first time in this flood: tell the person. */
  | { readonly verdict: 'refused'; readonly retryAfterMs: number }
  /** Over the limit and already told: refuse without a word. */
  | { readonly verdict: 'silent'; readonly retryAfterMs: number };

export interface RateLimiter {
  take(principal: string): Promise<RateVerdict>;
}

export function createRateLimiter(redis: RedisClient, prefix: string, perMinute: number): RateLimiter {
  const perMs = perMinute / 60_000;
  return {
    async take(principal) {
      const key = `${prefix}:ratelimit:${principal}`;
      const [verdict, waitMs] = (await runScript(redis, TAKE_TOKEN, [key], [perMinute, perMs])) as [string, number];
      if (verdict === 'allowed') return { verdict: 'allowed' };
      return { verdict: verdict === 'silent' ? 'silent' : 'refused', retryAfterMs: Number(waitMs) };
    },
  };
}
