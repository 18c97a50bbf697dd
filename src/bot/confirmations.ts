import { randomInt } from 'node:crypto';
import type { RedisClient } from '../queue/redis-connection.js';
import type { ChatRequest } from '../queue/request.js';

/**
 * Requests waiting for their requester to press "confirm" (delete, large creates). Stored with
 * a TTL, consumed atomically so a double click enqueues once.
 */
export interface Confirmations {
  hold(request: ChatRequest): Promise<string>;
  peek(token: string): Promise<ChatRequest | undefined>;
  take(token: string): Promise<ChatRequest | undefined>;
}

const TTL_S = 15 * 60;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const TOKEN = /^[a-z0-9]{8}$/;

export function createConfirmations(redis: RedisClient, prefix: string): Confirmations {
  const key = (token: string) => `${prefix}:confirm:${token}`;
  const parse = (raw: string | null) => (raw ? (JSON.parse(raw) as ChatRequest) : undefined);
  return {
    async hold(request) {
      // Short enough to type where there are no buttons; one of 36^8 and valid for 15 minutes.
      const token = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      await redis.set(key(token), JSON.stringify(request), 'EX', TTL_S);
      return token;
    },
    async peek(token) {
      return TOKEN.test(token) ? parse(await redis.get(key(token))) : undefined;
    },
    async take(token) {
      return TOKEN.test(token) ? parse(await redis.getdel(key(token))) : undefined;
    },
  };
}
