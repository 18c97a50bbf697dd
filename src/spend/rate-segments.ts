import { luaScript } from '../redis/run-script.js';

/**
 * A stretch of a cluster's life at one size: from `at` (ms) until the next segment's `at` (or the
 * cluster's end), `gpus` GPUs billed `fen` per hour. `by` is the request that set it (the create,
 * then each scale), so a scale re-run after a crash finds its segment and adds none.
 */
export interface RateSegment {
  readonly at: number;
  readonly gpus: number;
  readonly fen: number;
  readonly by: string;
}

/** What the segments used of [from, to): GPU-ms and fen-ms (divide by the hour for GPU-hours and fen). */
export function usedBetween(
  segments: readonly RateSegment[],
  from: number,
  to: number,
): { readonly gpuMs: number; readonly fenMs: number } {
  let gpuMs = 0;
  let fenMs = 0;
  segments.forEach((segment, i) => {
    const end = segments[i + 1]?.at ?? Infinity;
    const ms = Math.max(0, Math.min(end, to) - Math.max(segment.at, from));
    gpuMs += segment.gpus * ms;
    fenMs += segment.fen * ms;
  });
  return { gpuMs, fenMs };
}

/**
 * KEYS: the meter's hash. ARGV: by, at, gpus, fen. Appends a segment unless `by` already has one
 * (a re-run) or the meter stopped; a meter from before segments gets its first from its fields.
 * The new segment never starts before the last one. The hash's `gpus` and `fenPerHour` become the
 * new rate, which the next day's booking reads. Returns 'added', 'known', 'stopped' or 'missing'.
 */
export const ADD_SEGMENT = luaScript(`
local f = redis.call('HMGET', KEYS[1], 'requestId', 'until', 'segments', 'since', 'gpus', 'fenPerHour')
if not f[1] then return 'missing' end
if f[2] then return 'stopped' end
local segments
if f[3] then
  segments = cjson.decode(f[3])
else
  segments = {{at = tonumber(f[4]), gpus = tonumber(f[5]), fen = tonumber(f[6]), by = f[1]}}
end
for _, segment in ipairs(segments) do
  if segment.by == ARGV[1] then return 'known' end
end
local at = math.max(tonumber(ARGV[2]), segments[#segments].at)
segments[#segments + 1] = {at = at, gpus = tonumber(ARGV[3]), fen = tonumber(ARGV[4]), by = ARGV[1]}
redis.call('HSET', KEYS[1], 'segments', cjson.encode(segments), 'gpus', ARGV[3], 'fenPerHour', ARGV[4])
return 'added'
`);
