import type { Requester } from '../chat/port.js';
import type { Preferences } from '../bot/preferences.js';

/** A person as gpubot addresses them right now: in their chosen language, in their time zone. */
export interface PersonView {
  readonly requester: Requester;
  readonly timeZone: string;
}

export type People = (person: Requester) => Promise<PersonView>;

/** `fallbackTimeZone`: where the platform does not tell a person's time zone (GPUBOT_DEFAULT_TIMEZONE). */
export function createPeople(preferences: Preferences, fallbackTimeZone: string): People {
  return async (person) => ({
    requester: { ...person, locale: await preferences.locale(person) },
    timeZone: (await preferences.timeZone(person)) ?? fallbackTimeZone,
  });
}

/** The owner behind an owner tag (`slack:U0123`), in their platform's default language. */
export function personOf(owner: string): Requester | undefined {
  const colon = owner.indexOf(':');
  const platform = owner.slice(0, colon);
  const userId = owner.slice(colon + 1);
  if (colon < 0 || userId === '' || !['slack', 'dingtalk', 'console'].includes(platform)) return undefined;
  return {
    platform: platform as Requester['platform'],
    userId,
    // DingTalk speaks Chinese by default, the others English; a stored preference wins (People).
    locale: platform === 'dingtalk' ? 'zh-CN' : 'en',
  };
}
