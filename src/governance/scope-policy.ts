import type { Platform } from '../chat/port.js';

/**
 * Who gpubot serves at all (before any role): the organisations it belongs to, guests or not, and
 * optionally only listed people or DingTalk departments. Filled from GPUBOT_ALLOW_GUESTS,
 * SLACK_ALLOWED_TEAMS, DINGTALK_CORP_ID, GPUBOT_ALLOWED_USERS and DINGTALK_ALLOWED_DEPARTMENTS.
 */
export interface ScopePolicy {
  /** Slack guests (multi- and single-channel) may use gpubot. */
  readonly allowGuests: boolean;
  /**
   * Organisations served besides the installation's own (Slack teams T…/E…; DingTalk corp ids).
   * For DingTalk a configured corp id replaces the robot's own corp as the one served.
   */
  readonly tenants: Readonly<Partial<Record<Platform, readonly string[]>>>;
  /** When this or `departments` is non-empty, only these principals (and admins) are served... */
  readonly allowedUsers: readonly string[];
  /** ...or members of these DingTalk departments, including their sub-departments. */
  readonly departments: readonly string[];
}

export const OPEN_SCOPE: ScopePolicy = { allowGuests: false, tenants: {}, allowedUsers: [], departments: [] };

/** Why someone is out of scope; each has its own message saying what to do. */
export type ScopeRefusal = 'external' | 'guest' | 'not_listed' | 'unverified';
