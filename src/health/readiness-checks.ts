import type { ChatReceiver } from '../chat/port.js';
import type { RedisClient } from '../queue/redis-connection.js';
import type { Check } from './checks.js';

/** Redis answers a PING on the connection this process works through. */
export function redisCheck(redis: RedisClient): Check {
  return {
    name: 'redis',
    async run() {
      // A connection that is reconnecting would queue the PING until Redis returns: say so instead.
      if (redis.status !== 'ready') throw new Error(`connection is ${redis.status}`);
      const answer = await redis.ping();
      if (answer !== 'PONG') throw new Error(`PING answered ${answer}`);
      return 'PING answered';
    },
  };
}

/** The chat receiver is connected (Socket Mode, DingTalk stream) or listening (Slack HTTP). */
export function receiverCheck(receiver: ChatReceiver): Check {
  return {
    name: `chat-${receiver.platform}`,
    async run() {
      const state = receiver.readiness();
      if (!state.ready) throw new Error(state.detail);
      return state.detail;
    },
  };
}

/** Cloud credentials resolve (the RRSA exchange or the metadata service works); `describe` never returns secrets. */
export function credentialsCheck(resolve: () => Promise<string>): Check {
  return { name: 'cloud-credentials', run: resolve };
}
