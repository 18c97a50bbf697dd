import type { RedisClient } from '../queue/redis-connection.js';
import { luaScript, runScript } from '../redis/run-script.js';

/** KEYS: hash. ARGV: field, at, name. Sets `name` on the field's JSON record if unset; returns it. */
const STAMP_ONCE = luaScript(`
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local record = cjson.decode(raw)
if record[ARGV[3]] == nil then
  record[ARGV[3]] = tonumber(ARGV[2])
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
end
return string.format('%d', record[ARGV[3]])
`);

/**
 * Stamps a time on a lifecycle record (a JSON value in a hash) the first time only, atomically:
 * the stamp that stands (this one or an earlier), or undefined when the record is gone.
 */
export async function stampOnce(
  redis: RedisClient,
  key: string,
  field: string,
  name: 'warnedAt' | 'unreadableSince',
  at: number,
): Promise<number | undefined> {
  const stored = (await runScript(redis, STAMP_ONCE, [key], [field, at, name])) as string | null;
  return stored ? Number(stored) : undefined;
}
