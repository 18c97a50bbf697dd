import { SYSTEM_ACTOR } from '../audit/audit-event.js';
import { commandJobOptions } from '../bot/handle-command.js';
import { GONE_STATES, isManaged } from '../jobs/cluster-tags.js';
import type { ChatRequest } from '../queue/request.js';
import type { ClusterIdleDeps } from './cluster-idle-deps.js';
import type { ClusterIdleState } from './cluster-idle-records.js';
import type { ClusterRecord } from './cluster-records.js';
import { clusterIdleWarning } from './cluster-idle-warning.js';
import { ownerNotice } from './owner-notice.js';
import type { NotYet } from './run-lifecycle-worker.js';

/** How often, as a share of the idle time, a cluster is looked at: idleness is seen at most this late. */
const LOOKS_PER_IDLE_TIME = 4;

/** The delete an idle cluster gets: the owner's own delete, pinned to the cluster's id, gpubot's doing. */
export function idleDeleteRequest(record: ClusterRecord, warnedAt: number, owner: ChatRequest['requester']): ChatRequest {
  return {
    requestId: `idle-delete-${record.clusterId}-${warnedAt}`,
    command: { kind: 'cluster.delete', name: record.name, clusterId: record.clusterId },
    requester: owner,
    conversation: record.conversation,
    receivedAt: Date.now(),
    origin: 'idle',
  };
}

/** Whether anything uses the cluster: a gpubot notebook that runs, or any pod that requests a GPU. */
async function inUse(record: ClusterRecord, deps: ClusterIdleDeps): Promise<boolean | undefined> {
  try {
    const kube = await deps.connections.connect({ clusterId: record.clusterId, regionId: record.regionId });
    const notebooks = await kube.notebooks.list(deps.settings.namespace);
    if (notebooks.some((notebook) => !notebook.stopped)) return true;
    return (await kube.countGpuPods()) > 0;
  } catch (error) {
    deps.connections.forget(record.clusterId);
    const code = (error as { code?: unknown }).code;
    deps.log.warn({ clusterId: record.clusterId, code }, 'idle watch: cannot see into the cluster');
    return undefined;
  }
}

/**
 * One look at a cluster for GPUBOT_CLUSTER_IDLE. Only a running cluster gpubot tracks that still
 * carries gpubot's tags is judged; anything else is never touched. Seen in use, its idle count
 * starts again (a warning is taken back); seen idle for the whole idle time, its owner is warned
 * once; still idle when the grace is over, the deletion is claimed (once) and queued as the
 * owner's own delete. What cannot be seen is never taken for idleness.
 */
export async function advanceClusterIdle(clusterId: string, deps: ClusterIdleDeps): Promise<NotYet | undefined> {
  const record = await deps.records.get(clusterId);
  if (!record || record.state !== 'active') {
    await deps.idle.forget(clusterId);
    return undefined;
  }
  const known = await deps.idle.get(clusterId);
  if (known?.deleting) return queueDelete(record, known, deps);
  const { idleMs, graceMs } = deps.settings;
  const now = deps.clock.now();
  const next = (at: number): NotYet => ({ at: Math.min(at, now + Math.ceil(idleMs / LOOKS_PER_IDLE_TIME)) });
  const detail = await deps.cloud.describeCluster({ regionId: record.regionId, clusterId });
  if (!detail || GONE_STATES.includes(detail.state) || !isManaged(detail)) {
    // Gone, or no longer gpubot's: the expiry's own job lets it go; idleness never touches it.
    await deps.idle.forget(clusterId);
    return undefined;
  }
  if (detail.state !== 'running') return next(now + idleMs);
  const used = await inUse(record, deps);
  if (used === undefined) return next(now + idleMs);
  if (used) {
    await deps.idle.reset(clusterId);
    return next(now + idleMs);
  }
  const state = await deps.idle.seenIdle(clusterId, now);
  let warnedAt = state.warnedAt;
  if (warnedAt === undefined) {
    if (now < state.idleSince + idleMs) return next(state.idleSince + idleMs);
    warnedAt = await deps.idle.markWarned(clusterId, now);
    if (warnedAt === undefined) return next(now);
  }
  if (now < warnedAt + graceMs) {
    await warnIdleCluster(record, { idleSince: state.idleSince, warnedAt, now }, deps);
    return next(warnedAt + graceMs);
  }
  if (!(await deps.idle.claimDelete(clusterId, warnedAt))) return { afterMs: 1 };
  return queueDelete(record, { ...state, warnedAt }, deps);
}

/** Queues the claimed deletion; a job of that id that exists already (queued, running, done) is left as it is. */
async function queueDelete(record: ClusterRecord, state: ClusterIdleState, deps: ClusterIdleDeps): Promise<undefined> {
  const { clusterId } = record;
  const warnedAt = state.warnedAt ?? state.idleSince;
  const request = idleDeleteRequest(record, warnedAt, (await deps.people(record.requester)).requester);
  if ((await deps.commands.getJobState(request.requestId)) === 'unknown') {
    await deps.commands.add(request.command.kind, request, { ...commandJobOptions(deps.retention), jobId: request.requestId });
  }
  await deps.audit.record(
    {
      action: 'lifecycle.idle_deleted',
      actor: SYSTEM_ACTOR,
      platform: record.requester.platform,
      channel: record.conversation.channelId,
      requestId: request.requestId,
      command: 'cluster.delete',
      target: record.name,
      summary: `${clusterId} idle since ${new Date(state.idleSince).toISOString()}`,
    },
    { once: `lifecycle-idle-deleted-${clusterId}-${warnedAt}` },
  );
  deps.log.info({ clusterId, name: record.name }, 'idle cluster: deleting it');
  return undefined;
}

async function warnIdleCluster(
  record: ClusterRecord,
  facts: { readonly idleSince: number; readonly warnedAt: number; readonly now: number },
  deps: ClusterIdleDeps,
): Promise<void> {
  const owner = await deps.people(record.requester);
  const deleteAt = facts.warnedAt + deps.settings.graceMs;
  const warning = clusterIdleWarning(record, { idleSince: facts.idleSince, deleteAt, now: facts.now, timeZone: owner.timeZone });
  // The outbox's delivery id makes every send of this warning one message.
  await deps.notifier.toRequester(ownerNotice(record, owner.requester), `idle-warning-${facts.warnedAt}`, warning);
  await deps.audit.record(
    {
      action: 'lifecycle.idle_warned',
      actor: SYSTEM_ACTOR,
      platform: record.requester.platform,
      channel: record.conversation.channelId,
      target: record.name,
      summary: `${record.clusterId} idle since ${new Date(facts.idleSince).toISOString()}, deleted ${new Date(deleteAt).toISOString()}`,
    },
    { once: `lifecycle-idle-warned-${record.clusterId}-${facts.warnedAt}` },
  );
  deps.log.info({ clusterId: record.clusterId, deleteAt }, 'owner warned of an idle cluster');
}
