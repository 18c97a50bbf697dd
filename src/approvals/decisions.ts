import { randomInt } from 'node:crypto';
import type { RedisClient } from '../queue/redis-connection.js';
import type { ChatRequest } from '../queue/request.js';
import { luaScript, runScript } from '../redis/run-script.js';

/**
 * A request waiting on people: first its requester's confirmation (`confirm`), then, when its
 * price needs it, an approver's decision (`approve`). The outcome is `approved`, `rejected`,
 * `cancelled` or `expired`. The record lives in Redis, so a crash of any process loses neither the
 * request (its job waits in the queue) nor a decision; every change is a compare-and-set, so two
 * approvers pressing at once, or a press racing the expiry, have exactly one winner.
 */
export type DecisionState = 'confirm' | 'approve' | 'approved' | 'rejected' | 'cancelled' | 'expired';

export interface Decision {
  readonly token: string;
  readonly request: ChatRequest;
  readonly state: DecisionState;
  readonly needsApproval: boolean;
  /** When the current stage (confirm or approve) lapses (ms). */
  readonly expiresAt: number;
  /** `<platform>:<user id>` and display name of whoever decided (confirmed, approved, rejected, cancelled). */
  readonly decidedBy?: string;
  readonly decidedByName?: string;
  readonly decidedAt?: number;
  /** The state it left last: which stage expired, or was cancelled. */
  readonly from?: DecisionState;
  /** The approvers have been sent the request. */
  readonly asked: boolean;
}

export type Transition =
  | { readonly ok: true; readonly decision: Decision }
  | { readonly ok: false; readonly decision?: Decision; readonly why: 'unknown' | 'state' | 'expired' };

export interface Decisions {
  /** Opens a decision for a request; answers its token (8 characters, typed where there are no buttons). */
  open(request: ChatRequest, options: { readonly confirm: boolean; readonly approve: boolean }): Promise<string>;
  get(token: string): Promise<Decision | undefined>;
  /**
   * Moves from one of `from` to `to`, before the stage expires (or, for `expired`, once it has).
   * `confirm` → `approve` starts the approval's own clock.
   */
  move(
    token: string,
    from: readonly DecisionState[],
    to: DecisionState,
    by?: { readonly principal: string; readonly name?: string },
  ): Promise<Transition>;
  /** Records that the approvers were sent the request, so a rerun does not send it again. */
  markAsked(token: string): Promise<void>;
}

export interface DecisionTimes {
  readonly confirmMs: number;
  readonly approvalMs: number;
  /** How long a record outlives its last stage, for answers to late presses and the gate. */
  readonly keepMs: number;
}

export const TOKEN = /^[a-z0-9]{8}$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * KEYS: the decision hash. ARGV: allowed states (comma list), new state, now, by, by name,
 * expiresAt of the next stage ('' = keep), keep ms. Answers {'ok'} or {'state'|'expired'|'unknown'}.
 */
const MOVE = luaScript(`
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return {'unknown'} end
local allowed = false
for s in string.gmatch(ARGV[1], '[^,]+') do if s == state then allowed = true end end
if not allowed then return {'state'} end
local now = tonumber(ARGV[3])
local lapsed = now >= tonumber(redis.call('HGET', KEYS[1], 'expiresAt'))
if ARGV[2] == 'expired' then
  if not lapsed then return {'state'} end
elseif lapsed then return {'expired'} end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'from', state, 'decidedAt', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'decidedBy', ARGV[4], 'decidedByName', ARGV[5]) end
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[1], 'expiresAt', ARGV[6])
  redis.call('PEXPIREAT', KEYS[1], tonumber(ARGV[6]) + tonumber(ARGV[7]))
end
return {'ok'}
`);

function parse(token: string, fields: Record<string, string>): Decision | undefined {
  if (!fields.state || !fields.request) return undefined;
  return {
    token,
    request: JSON.parse(fields.request) as ChatRequest,
    state: fields.state as DecisionState,
    needsApproval: fields.needsApproval === '1',
    expiresAt: Number(fields.expiresAt),
    ...(fields.decidedBy ? { decidedBy: fields.decidedBy } : {}),
    ...(fields.decidedByName ? { decidedByName: fields.decidedByName } : {}),
    ...(fields.decidedAt ? { decidedAt: Number(fields.decidedAt) } : {}),
    ...(fields.from ? { from: fields.from as DecisionState } : {}),
    asked: fields.asked === '1',
  };
}

export function createDecisions(deps: {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly times: DecisionTimes;
  readonly now: () => number;
}): Decisions {
  const { redis, times } = deps;
  const key = (token: string) => `${deps.prefix}:decision:${token}`;

  async function get(token: string): Promise<Decision | undefined> {
    return TOKEN.test(token) ? parse(token, await redis.hgetall(key(token))) : undefined;
  }

  return {
    async open(request, options) {
      const state: DecisionState = options.confirm ? 'confirm' : options.approve ? 'approve' : 'approved';
      const expiresAt = deps.now() + (state === 'approve' ? times.approvalMs : times.confirmMs);
      for (;;) {
        const token = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
        // The first field claims the token; a collision (one in 36^8) just draws again.
        if ((await redis.hsetnx(key(token), 'state', state)) === 0) continue;
        await redis
          .multi()
          .hset(key(token), {
            request: JSON.stringify({ ...request, gate: { token } }),
            needsApproval: options.approve ? '1' : '0',
            expiresAt,
          })
          .pexpireat(key(token), expiresAt + times.keepMs)
          .exec();
        return token;
      }
    },

    get,

    async move(token, from, to, by) {
      if (!TOKEN.test(token)) return { ok: false, why: 'unknown' };
      const next = to === 'approve' ? String(deps.now() + times.approvalMs) : '';
      const [answer] = (await runScript(
        redis,
        MOVE,
        [key(token)],
        [from.join(','), to, deps.now(), by?.principal ?? '', by?.name ?? '', next, times.keepMs],
      )) as string[];
      const decision = await get(token);
      if (answer === 'ok' && decision) return { ok: true, decision };
      const why = answer === 'expired' ? 'expired' : answer === 'state' ? 'state' : 'unknown';
      return { ok: false, why, ...(decision ? { decision } : {}) };
    },

    async markAsked(token) {
      if (TOKEN.test(token)) await redis.hset(key(token), 'asked', '1');
    },
  };
}
