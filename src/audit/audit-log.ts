import type { RedisClient } from '../queue/redis-connection.js';
import { luaScript, runScript } from '../redis/run-script.js';
import type { Logger } from '../log.js';
import type { AuditEntry, AuditEvent } from './audit-event.js';

/**
 * The audit trail: a Redis stream, appended to by every role and trimmed by age (MINID) and by
 * length (MAXLEN), both approximate so trimming stays cheap. An optional mirror copies each entry
 * to a chat channel (through the outbox); the stream is the record, the mirror a convenience.
 */
export interface AuditLog {
  /**
   * Appends an entry. `once` makes the append idempotent (a job step retried after a crash
   * records its event once); `quiet` keeps it out of the mirror channel.
   */
  record(event: AuditEvent, options?: { readonly once?: string; readonly quiet?: boolean }): Promise<void>;
  /** Newest first: up to `limit` entries that `match` accepts, looking back at most `scan` entries. */
  recent(options: {
    readonly limit: number;
    readonly match?: (entry: AuditEntry) => boolean;
    readonly scan?: number;
  }): Promise<AuditEntry[]>;
}

export interface AuditLogDeps {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly retentionMs: number;
  readonly maxEntries: number;
  readonly log: Logger;
  readonly mirror?: (entry: AuditEntry) => Promise<void>;
}

/** `once` marks live as long as entries do: an event retried later than that is new again. */
const APPEND = luaScript(`
if redis.replicate_commands then redis.replicate_commands() end
if KEYS[2] then
  if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return false end
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local minid = tostring(math.max(0, now - tonumber(ARGV[1])))
local id = redis.call('XADD', KEYS[1], 'MINID', '~', minid, '*', unpack(ARGV, 3))
redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', ARGV[2])
return id
`);

const FIELDS = [
  'action',
  'actor',
  'actorName',
  'platform',
  'channel',
  'requestId',
  'command',
  'target',
  'summary',
  'reason',
  'pricePerHour',
] as const satisfies readonly (keyof AuditEvent)[];

const MAX_FIELD_CHARS = 200;

/** The stream key. Its once-marks share the prefix, whose hash tag keeps them on the stream's Cluster slot. */
export const auditStreamKey = (prefix: string): string => `${prefix}:audit:stream`;

function toFields(event: AuditEvent): string[] {
  return FIELDS.flatMap((field) => {
    const value = event[field];
    return value === undefined || value === '' ? [] : [field, String(value).slice(0, MAX_FIELD_CHARS)];
  });
}

function fromFields(id: string, flat: readonly string[]): AuditEntry {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[flat[i] as string] = flat[i + 1] as string;
  const price = record.pricePerHour === undefined ? undefined : Number(record.pricePerHour);
  return {
    ...(record as unknown as AuditEvent),
    ...(price === undefined ? {} : { pricePerHour: price }),
    action: record.action ?? '?',
    actor: record.actor ?? '?',
    id,
    at: Number(id.split('-')[0]),
  };
}

export function createAuditLog(deps: AuditLogDeps): AuditLog {
  const stream = auditStreamKey(deps.prefix);
  return {
    async record(event, options = {}) {
      const keys = options.once ? [stream, `${deps.prefix}:audit:once:${options.once}`] : [stream];
      const id = (await runScript(deps.redis, APPEND, keys, [deps.retentionMs, deps.maxEntries, ...toFields(event)])) as
        string | null;
      if (id === null || !deps.mirror || options.quiet) return;
      // The entry is recorded; a mirror that cannot queue its copy must not fail the caller.
      await deps.mirror(fromFields(id, toFields(event))).catch((error: unknown) => {
        deps.log.warn(
          { err: error instanceof Error ? error.message : String(error), action: event.action },
          'audit mirror failed',
        );
      });
    },

    async recent({ limit, match = () => true, scan = 5000 }) {
      const found: AuditEntry[] = [];
      let end = '+';
      let seen = 0;
      while (found.length < limit && seen < scan) {
        const batch = await deps.redis.xrevrange(stream, end, '-', 'COUNT', Math.min(500, scan - seen));
        if (batch.length === 0) break;
        for (const [id, flat] of batch) {
          const entry = fromFields(id, flat);
          if (match(entry)) found.push(entry);
          if (found.length >= limit) break;
        }
        seen += batch.length;
        const last = batch.at(-1)?.[0] as string;
        end = `(${last}`;
      }
      return found;
    },
  };
}
