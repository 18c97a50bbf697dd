import type { webApi } from '@slack/bolt';
import type { ChatDirectory, UserFacts } from '../port.js';
import { mapSlackError } from './map-slack-error.js';

/**
 * Who is who in Slack. The installation's own workspace comes from `auth.test` at start (its
 * `team_id`, and `enterprise_id` on an Enterprise Grid org install); a user's standing from
 * `users.info`: their own team, `is_stranger` (an external Slack Connect member) and
 * `is_restricted` / `is_ultra_restricted` (multi- and single-channel guests). Needs `users:read`.
 */
export interface SlackDirectory extends ChatDirectory {
  /**
   * Learns the installation's workspace with `auth.test` (which also verifies the token); the
   * receiver calls it once at start and hands Bolt the bot's ids, so Bolt skips its own call.
   */
  learnHome(): Promise<{ readonly botUserId?: string; readonly botId?: string }>;
}

export function createSlackDirectory(client: webApi.WebClient): SlackDirectory {
  let home: string[] = [];
  return {
    reveals: { guests: true, tenants: true, departments: false },
    homeTenants: () => home,
    async learnHome() {
      const auth = await client.auth.test().catch((error: unknown) => {
        throw mapSlackError(error, 'auth.test');
      });
      home = [auth.team_id, auth.enterprise_id].filter((id): id is string => typeof id === 'string' && id !== '');
      return { ...(auth.user_id ? { botUserId: auth.user_id } : {}), ...(auth.bot_id ? { botId: auth.bot_id } : {}) };
    },
    async lookupUser(userId): Promise<UserFacts> {
      const answer = await client.users.info({ user: userId }).catch((error: unknown) => {
        throw mapSlackError(error, 'users.info');
      });
      const user = answer.user ?? {};
      return {
        ...(user.team_id ? { tenantId: user.team_id } : {}),
        external: user.is_stranger === true,
        guest: user.is_restricted === true || user.is_ultra_restricted === true,
        ...(typeof user.tz === 'string' && user.tz !== '' ? { timeZone: user.tz } : {}),
      };
    },
  };
}
