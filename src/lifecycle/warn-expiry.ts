import { SYSTEM_ACTOR } from '../audit/audit-event.js';
import type { ClusterLifecycleDeps } from './cluster-lifecycle-deps.js';
import { expiryWarning } from './expiry-warning.js';
import { ownerNotice } from './owner-notice.js';

type Deps = Pick<ClusterLifecycleDeps, 'records' | 'clock' | 'notifier' | 'audit' | 'people' | 'spend' | 'log' | 'settings'>;

/**
 * The warning before an expiry, sent once per expiry time. A warning for an expiry that has moved
 * since (an extension), that has already come, or for a cluster no longer tracked says nothing.
 */
export async function warnExpiry(clusterId: string, expiresAt: number, deps: Deps): Promise<void> {
  const record = await deps.records.get(clusterId);
  if (!record || record.state !== 'active' || record.expiresAt !== expiresAt) return;
  // Came due while no worker ran, and the expiry has come too: the expiry itself is what happens now.
  if (deps.clock.now() >= expiresAt) return;
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
  await deps.notifier.toRequester(ownerNotice(record, owner.requester), `expiry-warning-${expiresAt}`, warning);
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
