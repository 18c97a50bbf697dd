import type { RedisClient } from '../queue/redis-connection.js';
import type { Requester } from '../chat/port.js';
import type { Locale } from '../i18n/text.js';

/** Per-user settings (today: the language), kept in Redis so every bot replica agrees. */
export interface Preferences {
  locale(requester: Requester): Promise<Locale>;
  setLocale(requester: Requester, locale: Locale): Promise<void>;
}

export function createPreferences(redis: RedisClient, prefix: string): Preferences {
  const key = (r: Requester) => `${prefix}:prefs:${r.platform}:${r.userId}`;
  return {
    async locale(requester) {
      const stored = await redis.hget(key(requester), 'locale');
      return stored === 'en' || stored === 'zh-CN' ? stored : requester.locale;
    },
    async setLocale(requester, locale) {
      await redis.hset(key(requester), 'locale', locale);
    },
  };
}
