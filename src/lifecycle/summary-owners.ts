import type { ConversationRef, Requester } from '../chat/port.js';
import type { RedisClient } from '../queue/redis-connection.js';

/** Someone who owns (or owned) running clusters or notebooks: who gets the daily summary, and where its failures are said. */
export interface SummaryOwner {
  readonly owner: string;
  readonly requester: Requester;
  readonly conversation: ConversationRef;
}

/**
 * The owners enrolled for daily summaries, one hash. An owner is enrolled when a cluster or a
 * notebook of theirs starts, and dropped by the summary that finds nothing of theirs running.
 */
export interface SummaryOwners {
  enroll(owner: SummaryOwner): Promise<void>;
  get(owner: string): Promise<SummaryOwner | undefined>;
  all(): Promise<SummaryOwner[]>;
  drop(owner: string): Promise<void>;
}

export function createSummaryOwners(redis: RedisClient, prefix: string): SummaryOwners {
  const key = `${prefix}:lifecycle:summary-owners`;
  const parse = (raw: string | null | undefined) => (raw ? (JSON.parse(raw) as SummaryOwner) : undefined);
  return {
    async enroll(owner) {
      await redis.hset(key, owner.owner, JSON.stringify(owner));
    },
    get: async (owner) => parse(await redis.hget(key, owner)),
    all: async () => Object.values(await redis.hgetall(key)).flatMap((raw) => parse(raw) ?? []),
    async drop(owner) {
      await redis.hdel(key, owner);
    },
  };
}
