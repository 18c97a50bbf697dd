import type { AuditLog } from '../audit/audit-log.js';
import type { ImmediateReply, IncomingAction, IncomingCommand } from '../chat/port.js';
import type { ScopeCheck } from '../governance/check-scope.js';
import type { RateLimiter } from '../governance/rate-limit.js';
import type { ScopeRefusal } from '../governance/scope-policy.js';
import { text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import { ownerOf } from '../queue/request.js';
import { deliveryFields } from './audit-fields.js';

export interface AdmissionDeps {
  readonly rateLimiter: RateLimiter;
  readonly commandsPerMinute: number;
  readonly checkScope: ScopeCheck;
  readonly audit: AuditLog;
}

const SCOPE_MESSAGE: Readonly<Record<ScopeRefusal, string>> = {
  external: 'governance.scope.external',
  guest: 'governance.scope.guest',
  not_listed: 'governance.scope.notListed',
  unverified: 'governance.scope.unverified',
};

const refusal = (key: string, params?: Record<string, number>): ImmediateReply => ({
  message: message('error', [text(key, params)]),
  rejected: true,
  privateOnly: true,
});

/**
 * Before anything else, for every command and button press: the rate limit (first, so a flood
 * costs no directory lookups), then who the person is. `undefined` admits; `null` refuses without
 * a word (the flood was already answered once); a reply refuses and says why. Refusals change
 * nothing, enqueue nothing and call no cloud.
 */
export async function admitRequester(
  delivery: IncomingCommand | IncomingAction,
  deps: AdmissionDeps,
): Promise<ImmediateReply | null | undefined> {
  const rate = await deps.rateLimiter.take(ownerOf(delivery.requester));
  if (rate.verdict === 'silent') return null;
  if (rate.verdict === 'refused') {
    // One entry per flood, like the one message: a flood must not push older entries out of the trail.
    await deps.audit.record({ ...deliveryFields(delivery), action: 'command.refused', reason: 'rate_limited' });
    return refusal('governance.rate.limited', { perMinute: deps.commandsPerMinute, waitMs: rate.retryAfterMs });
  }
  const scope = await deps.checkScope(delivery.requester, delivery.hostTenantId);
  if (scope === undefined) return undefined;
  await deps.audit.record({ ...deliveryFields(delivery), action: 'command.refused', reason: `scope.${scope}` });
  return refusal(SCOPE_MESSAGE[scope]);
}
