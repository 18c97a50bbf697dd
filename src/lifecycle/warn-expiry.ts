import { SYSTEM_ACTOR } from '../audit/audit-event.js';
import type { ClusterLifecycleDeps } from './cluster-lifecycle-deps.js';
import { expiryWarning } from './expiry-warning.js';
import { ownerNotice } from './owner-notice.js';
import type { ClusterRecord } from './cluster-records.js';

type Deps = Pick<ClusterLifecycleDeps, 'records' | 'clock' | 'notifier' | 'audit' | 'people' | 'spend' | 'log' | 'settings'>;

/**
 * The private warning before an expiry, sent once per expiry time (the record remembers which
 * expiry its owner was warned of), with the spend so far and buttons to extend or delete now.
 */
export async function warnExpiry(record: ClusterRecord, deps: Deps): Promise<void> {
  const { clusterId, expiresAt } = record;
  const owner = await deps.people(record.requester);
  const usage = await deps.spend?.usage(clusterId, Date.now()).catch((error: unknown) => {
    deps.log.warn({ clusterId, err: error instanceof Error ? error.message : String(error) }, 'could not read spend');
    return undefined;
  });
  const warning = expiryWarning(record, {
    now: deps.clock.now(),
    timeZone: owner.timeZone,
    maxTtlMs: deps.settings.maxClusterTtlMs,
    usage,
  });
  // Sent, then marked: a crash in between sends again, and the outbox's delivery id makes that one message.
  await deps.notifier.toRequester(ownerNotice(record, owner.requester), `expiry-warning-${expiresAt}`, warning);
  await deps.records.markWarned(clusterId, expiresAt);
  await deps.audit.record(
    {
      action: 'lifecycle.warned',
      actor: SYSTEM_ACTOR,
      platform: record.requester.platform,
      channel: record.conversation.channelId,
      target: record.name,
      summary: `${clusterId} expires ${new Date(expiresAt).toISOString()}`,
    },
    { once: `lifecycle-warned-${clusterId}-${expiresAt}` },
  );
  deps.log.info({ clusterId, name: record.name, expiresAt }, 'owner warned of the expiry');
}
