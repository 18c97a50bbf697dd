import type { RedisClient } from '../queue/redis-connection.js';
import type { Requester } from '../chat/port.js';
import type { Locale } from '../i18n/text.js';

/** Per-user settings (the language; the time zone where the platform tells it), kept in Redis so every process agrees. */
export interface Preferences {
  locale(requester: Requester): Promise<Locale>;
  setLocale(requester: Requester, locale: Locale): Promise<void>;
  /** The person's IANA time zone, as their platform last reported it (Slack users.info `tz`). */
  timeZone(person: Pick<Requester, 'platform' | 'userId'>): Promise<string | undefined>;
  setTimeZone(person: Pick<Requester, 'platform' | 'userId'>, timeZone: string): Promise<void>;
}

export function createPreferences(redis: RedisClient, prefix: string): Preferences {
  const key = (r: Pick<Requester, 'platform' | 'userId'>) => `${prefix}:prefs:${r.platform}:${r.userId}`;
  return {
    async locale(requester) {
      const stored = await redis.hget(key(requester), 'locale');
      return stored === 'en' || stored === 'zh-CN' ? stored : requester.locale;
    },
    async setLocale(requester, locale) {
      await redis.hset(key(requester), 'locale', locale);
    },
    async timeZone(person) {
      return (await redis.hget(key(person), 'timeZone')) ?? undefined;
    },
    async setTimeZone(person, timeZone) {
      await redis.hset(key(person), 'timeZone', timeZone);
    },
  };
}
