import { z } from 'zod';
import type { Roles } from '../governance/roles.js';
import type { ScopePolicy } from '../governance/scope-policy.js';
import { parsePrincipal } from '../governance/parse-principal.js';
import { ConfigError, list, optionalString, positiveInt, type EnvOf } from './env-fields.js';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Who may use gpubot, in which role, how often, and where the audit trail goes. */
export const governanceEnv = {
  GPUBOT_ADMINS: list,
  GPUBOT_CREATORS: list,
  GPUBOT_APPROVERS: list,
  GPUBOT_ALLOWED_USERS: list,
  GPUBOT_ALLOW_GUESTS: flag,
  SLACK_ALLOWED_TEAMS: list.refine((teams) => teams.every((team) => /^[TE][A-Z0-9]{2,}$/.test(team)), {
    message: 'must be comma-separated Slack team or enterprise ids (T… or E…)',
  }),
  DINGTALK_CORP_ID: optionalString,
  DINGTALK_ALLOWED_DEPARTMENTS: list.refine((ids) => ids.every((id) => /^\d+$/.test(id)), {
    message: 'must be comma-separated numeric DingTalk department ids',
  }),
  GPUBOT_DIRECTORY_CACHE_SECONDS: positiveInt(600),
  GPUBOT_COMMANDS_PER_MINUTE: positiveInt(20),
  GPUBOT_AUDIT_CHANNEL: optionalString,
  GPUBOT_AUDIT_RETENTION_DAYS: positiveInt(90),
  GPUBOT_AUDIT_MAX_ENTRIES: positiveInt(100_000),
};

export interface AuditConfig {
  /** Channel (Slack id, DingTalk openConversationId, console) that gets a copy of every entry. */
  readonly channel?: string;
  readonly retentionMs: number;
  readonly maxEntries: number;
}

export interface GovernanceConfig {
  readonly roles: Roles;
  readonly scope: ScopePolicy;
  /** How long what a platform's directory said about a user (guest, team, departments) is trusted. */
  readonly directoryCacheSeconds: number;
  /** Commands (and button presses) one person may send per minute, in bursts of up to as many. */
  readonly commandsPerMinute: number;
  readonly audit: AuditConfig;
}

/** Platform-scoped ids only: a bare id is refused with the spelling that would be accepted. */
function principals(name: string, entries: readonly string[]): string[] {
  const problems: string[] = [];
  const parsed = entries.flatMap((entry) => {
    const check = parsePrincipal(entry);
    if (check.ok) return [check.principal];
    problems.push(check.problem);
    return [];
  });
  if (problems.length > 0) throw new ConfigError(`${name}: ${problems.join('; ')}`);
  return parsed;
}

export function governanceConfig(e: EnvOf<typeof governanceEnv>): GovernanceConfig {
  return {
    roles: {
      admins: principals('GPUBOT_ADMINS', e.GPUBOT_ADMINS),
      creators: principals('GPUBOT_CREATORS', e.GPUBOT_CREATORS),
      approvers: principals('GPUBOT_APPROVERS', e.GPUBOT_APPROVERS),
    },
    scope: {
      allowGuests: e.GPUBOT_ALLOW_GUESTS,
      tenants: { slack: e.SLACK_ALLOWED_TEAMS, dingtalk: e.DINGTALK_CORP_ID ? [e.DINGTALK_CORP_ID] : [] },
      allowedUsers: principals('GPUBOT_ALLOWED_USERS', e.GPUBOT_ALLOWED_USERS),
      departments: e.DINGTALK_ALLOWED_DEPARTMENTS,
    },
    directoryCacheSeconds: e.GPUBOT_DIRECTORY_CACHE_SECONDS,
    commandsPerMinute: e.GPUBOT_COMMANDS_PER_MINUTE,
    audit: {
      ...(e.GPUBOT_AUDIT_CHANNEL ? { channel: e.GPUBOT_AUDIT_CHANNEL } : {}),
      retentionMs: e.GPUBOT_AUDIT_RETENTION_DAYS * 24 * 3600 * 1000,
      maxEntries: e.GPUBOT_AUDIT_MAX_ENTRIES,
    },
  };
}
