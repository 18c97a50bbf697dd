import type { RedisClient } from '../queue/redis-connection.js';
import type { DeliveryTicket } from '../chat/port.js';

/**
 * What the outbox knows about one delivery, kept in Redis beside (not inside) the queue: the
 * intent is written before the platform is called and the mark right after it answers. A crash in
 * between leaves the intent, and the next attempt asks the platform before it posts again.
 */
export interface DeliveryRecords {
  /** The ticket for this attempt (recording the intent), or undefined when it was delivered already. */
  begin(id: string): Promise<DeliveryTicket | undefined>;
  /** The platform certainly did not get it (refused, or never asked): the next attempt need not look. */
  notSent(id: string): Promise<void>;
  /** The platform accepted it. */
  sent(id: string): Promise<void>;
}

type State = 'sending' | 'clear' | 'sent';

export const deliveryRecordKey = (prefix: string, id: string): string => `${prefix}:chat-sent:${id}`;

export function createDeliveryRecords(redis: RedisClient, prefix: string, retentionMs: number, now = Date.now): DeliveryRecords {
  const key = (id: string) => deliveryRecordKey(prefix, id);
  const mark = async (id: string, state: State) => {
    await redis.multi().hset(key(id), 'state', state).pexpire(key(id), retentionMs).exec();
  };
  return {
    async begin(id) {
      const [state, since] = await redis.hmget(key(id), 'state', 'since');
      if (state === 'sent') return undefined;
      const started = since ? Number(since) : now();
      await redis.multi().hset(key(id), 'state', 'sending', 'since', String(started)).pexpire(key(id), retentionMs).exec();
      return { id, since: started, unconfirmed: state === 'sending' };
    },
    notSent: (id) => mark(id, 'clear'),
    sent: (id) => mark(id, 'sent'),
  };
}
