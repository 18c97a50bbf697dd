import { createDecisions, type Decisions } from '../approvals/decisions.js';
import type { ConversationRef } from '../chat/port.js';
import type { Config } from '../config/config.js';
import type { RedisClient } from '../queue/redis-connection.js';
import { createReservations, type Reservations } from '../reservations/reservations.js';
import { createSpendLedger, type SpendLedger } from '../spend/spend-ledger.js';
import { createUsageMeter, type UsageMeter } from '../spend/usage-meter.js';

/** The requester's own confirmation stays open this long (the question says so). */
export const CONFIRM_MS = 15 * 60_000;
/** A decided request's record is kept this long, to answer late presses. */
const KEEP_DECISIONS_MS = 7 * 24 * 3600_000;

export interface Spending {
  readonly reservations: Reservations;
  readonly ledger: SpendLedger;
  readonly meter: UsageMeter;
  readonly decisions: Decisions;
}

/** The Redis-backed parts of spend governance, the same in every role. */
export function buildSpending(config: Config, redis: RedisClient, prefix: string, now: () => number = Date.now): Spending {
  const reservations = createReservations({ redis, prefix, now });
  const ledger = createSpendLedger({ redis, prefix, reservations, limits: config.spend.limits, now });
  return {
    reservations,
    ledger,
    meter: createUsageMeter({ redis, prefix, reservations, ledger }),
    decisions: createDecisions({
      redis,
      prefix,
      times: { confirmMs: CONFIRM_MS, approvalMs: config.spend.approvalTimeoutMs, keepMs: KEEP_DECISIONS_MS },
      now,
    }),
  };
}

/** A channel no request came from (GPUBOT_AUDIT_CHANNEL, GPUBOT_APPROVAL_CHANNEL) on the configured platform. */
export function channelOf(config: Config, channelId: string): ConversationRef {
  return { platform: config.chat, channelId, ...(config.chat === 'dingtalk' ? { extra: { conversationType: '2' } } : {}) };
}
