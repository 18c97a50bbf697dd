import { SYSTEM_ACTOR } from '../audit/audit-event.js';
import { commandJobOptions } from '../bot/handle-command.js';
import { GONE_STATES, isManaged } from '../jobs/cluster-tags.js';
import type { Requester } from '../chat/port.js';
import type { ChatRequest } from '../queue/request.js';
import type { ClusterLifecycleDeps } from './cluster-lifecycle-deps.js';
import type { ClusterRecord } from './cluster-records.js';
import { nextExpiryStep } from './lifecycle-jobs.js';
import { releaseCluster } from './release-cluster.js';
import { warnExpiry } from './warn-expiry.js';
import type { NotYet } from './run-lifecycle-worker.js';

const RUNNING = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/** The id of the delete job an expiry queues (one per cluster, whichever worker claims the expiry). */
export const expiryRequestId = (clusterId: string): string => `expire-${clusterId}`;

/** The delete an expiry makes: the owner's own delete, pinned to the cluster's id, marked as gpubot's doing. */
export function expiryRequest(record: ClusterRecord, owner: Requester): ChatRequest {
  return {
    requestId: expiryRequestId(record.clusterId),
    command: { kind: 'cluster.delete', name: record.name, clusterId: record.clusterId },
    requester: owner,
    conversation: record.conversation,
    receivedAt: Date.now(),
    origin: 'expiry',
  };
}

/**
 * One step of a cluster's expiry job. Before the expiry: the warning when it is due (once per
 * expiry), then wait for the expiry. At the expiry, once it is confirmed that the cluster still
 * exists and still carries gpubot's tags, the expiry is claimed (once, whichever worker gets
 * there) and the cluster is deleted through the same job as a person's delete (progress, DM,
 * channel note, audit). An expiry that moved meanwhile, or a cluster still being created, waits.
 * A job that comes due after the expiry (no worker ran) goes straight to the expiry: late, once.
 */
export async function advanceExpiry(clusterId: string, deps: ClusterLifecycleDeps): Promise<NotYet | undefined> {
  const record = await deps.records.get(clusterId);
  if (!record) return undefined;
  if (record.state === 'active') {
    const now = deps.clock.now();
    if (now < record.expiresAt) {
      const step = nextExpiryStep(record, deps.settings.warnBeforeMs);
      if (now < step) return { at: step };
      await warnExpiry(record, deps);
      return { at: record.expiresAt };
    }
    // Deleting under a create that is still running would only make it fail: let it finish first.
    const creating = await deps.commands.getJobState(record.requestId);
    if (RUNNING.has(creating)) return { afterMs: deps.settings.pollIntervalMs };
  }
  const ref = { regionId: record.regionId, clusterId };
  const detail = await deps.cloud.describeCluster(ref);
  if (!detail || GONE_STATES.includes(detail.state)) {
    await deps.records.forget(clusterId);
    deps.log.info({ clusterId }, 'expired cluster is already gone');
    return undefined;
  }
  if (!isManaged(detail)) {
    await releaseCluster(record, deps);
    return undefined;
  }
  const claim = await deps.records.claimExpiry(clusterId, deps.clock.now());
  if (claim.kind === 'later') return { at: claim.expiresAt };
  if (claim.kind === 'missing') return undefined;
  const request = expiryRequest(record, (await deps.people(record.requester)).requester);
  await deps.commands.add(request.command.kind, request, { ...commandJobOptions(deps.retention), jobId: request.requestId });
  await deps.audit.record(
    {
      action: 'lifecycle.expired',
      actor: SYSTEM_ACTOR,
      platform: record.requester.platform,
      channel: record.conversation.channelId,
      requestId: request.requestId,
      command: 'cluster.delete',
      target: record.name,
      summary: `${clusterId} after ${Math.round((record.expiresAt - record.createdAt) / 60_000)} min`,
    },
    { once: `lifecycle-expired-${clusterId}` },
  );
  deps.log.info({ clusterId, name: record.name }, 'cluster expired: deleting it');
  return undefined;
}
