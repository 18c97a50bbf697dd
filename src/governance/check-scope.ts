import type { Redis } from 'ioredis';
import type { ChatDirectory, Requester, UserFacts } from '../chat/port.js';
import type { Logger } from '../log.js';
import { ownerOf } from '../queue/request.js';
import { isAdmin, type Roles } from './roles.js';
import type { ScopePolicy, ScopeRefusal } from './scope-policy.js';

export interface ScopeCheckDeps {
  readonly policy: ScopePolicy;
  readonly roles: Roles;
  /** The receiving platform's directory; absent (console) means every local user is in scope. */
  readonly directory?: ChatDirectory;
  readonly redis: Pick<Redis, 'get' | 'set'>;
  readonly prefix: string;
  readonly cacheSeconds: number;
  readonly log: Logger;
  /** Told what a fresh lookup said (the person's time zone is kept for their daily summary). */
  readonly remember?: (requester: Requester, facts: UserFacts) => Promise<void>;
}

/** Decides whether gpubot serves this person; undefined means yes. */
export type ScopeCheck = (requester: Requester, hostTenantId?: string) => Promise<ScopeRefusal | undefined>;

/**
 * The organisations served: the configured ones plus those the installation belongs to (Slack:
 * auth.test at start). Where neither exists, the organisation the delivery itself names as the
 * installation's (DingTalk: chatbotCorpId, which only DingTalk sets, over gpubot's own
 * authenticated stream) — so the robot serves its own organisation without any setting.
 */
export function servedTenants(configured: readonly string[], home: readonly string[], hostTenantId?: string): string[] {
  const served = [...new Set([...configured, ...home])];
  return served.length > 0 ? served : hostTenantId ? [hostTenantId] : [];
}

/** The policy applied to what the delivery and the directory say; pure, for tests. */
export function decideScope(
  requester: Requester,
  served: readonly string[],
  facts: UserFacts,
  policy: ScopePolicy,
  roles: Roles,
): ScopeRefusal | undefined {
  const tenants = [requester.tenantId, facts.tenantId].filter((t): t is string => t !== undefined);
  if (facts.external || tenants.length === 0 || tenants.some((tenant) => !served.includes(tenant))) return 'external';
  if (facts.guest && !policy.allowGuests) return 'guest';
  return isListed(requester, facts, policy, roles) ? undefined : 'not_listed';
}

/** GPUBOT_ALLOWED_USERS / DINGTALK_ALLOWED_DEPARTMENTS, when set: listed people, departments and admins only. */
export function isListed(requester: Requester, facts: UserFacts, policy: ScopePolicy, roles: Roles): boolean {
  const departments = requester.platform === 'dingtalk' ? policy.departments : [];
  if (policy.allowedUsers.length === 0 && departments.length === 0) return true;
  return (
    policy.allowedUsers.includes(ownerOf(requester)) ||
    isAdmin(roles, requester) ||
    (facts.departments ?? []).some((id) => departments.includes(id))
  );
}

/** What the policy needs from the directory; nothing means no lookup at all. */
function needsLookup(directory: ChatDirectory, policy: ScopePolicy, platform: Requester['platform']): boolean {
  const { reveals } = directory;
  return (
    reveals.tenants ||
    (reveals.guests && !policy.allowGuests) ||
    (reveals.departments && platform === 'dingtalk' && policy.departments.length > 0)
  );
}

export function createScopeCheck(deps: ScopeCheckDeps): ScopeCheck {
  const cacheKey = (requester: Requester) => `${deps.prefix}:directory:${ownerOf(requester)}`;

  async function factsOf(directory: ChatDirectory, requester: Requester): Promise<UserFacts> {
    const cached = await deps.redis.get(cacheKey(requester));
    if (cached) return JSON.parse(cached) as UserFacts;
    const facts = await directory.lookupUser(requester.userId);
    await deps.redis.set(cacheKey(requester), JSON.stringify(facts), 'EX', deps.cacheSeconds);
    await deps.remember?.(requester, facts);
    return facts;
  }

  return async (requester, hostTenantId) => {
    const directory = deps.directory;
    if (!directory) return isListed(requester, {}, deps.policy, deps.roles) ? undefined : 'not_listed';
    const served = servedTenants(deps.policy.tenants[requester.platform] ?? [], directory.homeTenants(), hostTenantId);
    // What the delivery itself says is checked first: an outsider costs no directory lookup.
    if (requester.tenantId !== undefined && !served.includes(requester.tenantId)) return 'external';
    let facts: UserFacts = {};
    if (needsLookup(directory, deps.policy, requester.platform)) {
      try {
        facts = await factsOf(directory, requester);
      } catch (error) {
        // Fail closed: an account that cannot be checked is not served (and nothing is cached).
        deps.log.warn(
          { err: error instanceof Error ? error.message : String(error), user: ownerOf(requester) },
          'directory lookup failed',
        );
        return 'unverified';
      }
    }
    return decideScope(requester, served, facts, deps.policy, deps.roles);
  };
}
