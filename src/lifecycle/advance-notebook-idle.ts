import { SYSTEM_ACTOR } from '../audit/audit-event.js';
import { commandJobOptions } from '../bot/handle-command.js';
import { GONE_STATES } from '../jobs/cluster-tags.js';
import type { NotebookActivity } from '../kube/port.js';
import type { ChatRequest } from '../queue/request.js';
import { idleWarning } from './idle-warning.js';
import type { NotebookIdleDeps } from './notebook-idle-deps.js';
import type { NotebookRecord } from './notebook-records.js';
import type { NotYet } from './run-lifecycle-worker.js';

/** The stop an idle notebook gets: its owner's own stop, marked as gpubot's doing, once per warning. */
export function idleStopRequest(record: NotebookRecord, warnedAt: number, owner: ChatRequest['requester']): ChatRequest {
  return {
    requestId: `idle-${record.name}-${warnedAt}`,
    command: { kind: 'notebook.stop', name: record.name },
    requester: owner,
    conversation: record.conversation,
    receivedAt: Date.now(),
    origin: 'idle',
  };
}

/** The warning travels like a request's private message, once per warning however often the job runs. */
function noticeOf(record: NotebookRecord, owner: ChatRequest['requester']): ChatRequest {
  return {
    requestId: `idle-${record.name}`,
    command: { kind: 'notebook.stop', name: record.name },
    requester: owner,
    conversation: record.conversation,
    receivedAt: record.startedAt,
  };
}

type Look = NotebookActivity | { readonly kind: 'gone' };

/** The notebook's activity; `gone` when it, or its cluster, no longer runs. */
async function look(record: NotebookRecord, deps: NotebookIdleDeps): Promise<Look> {
  const ref = { clusterId: record.clusterId, regionId: record.regionId };
  try {
    const kube = await deps.connections.connect(ref);
    const info = await kube.notebooks.find(record.namespace, record.name);
    if (!info || info.stopped) return { kind: 'gone' };
    return await kube.notebooks.activity(record.namespace, record.name, deps.settings.execTimeoutMs);
  } catch (error) {
    const detail = await deps.cloud.describeCluster(ref).catch(() => 'unknown' as const);
    if (detail === undefined || (detail !== 'unknown' && GONE_STATES.includes(detail.state))) return { kind: 'gone' };
    deps.connections.forget(record.clusterId);
    const code = (error as { code?: unknown }).code;
    return { kind: 'unreadable', reason: typeof code === 'string' ? code : error instanceof Error ? error.message : 'error' };
  }
}

/**
 * One step of a notebook's idle job. The notebook is looked at when it could first have been idle
 * for GPUBOT_NOTEBOOK_IDLE (idle counts from its Jupyter's latest activity, its start and the last
 * "Keep running"); then its owner is warned, once; if it is still unused when the grace is over
 * the stop is claimed (once, whichever worker gets there) and queued as the owner's own stop,
 * which frees its GPUs. Use after the warning, or "Keep running", takes the warning back. What
 * cannot be read (Jupyter unreachable, no Python) is never taken for idleness: it is looked at
 * again later.
 */
export async function advanceNotebookIdle(name: string, deps: NotebookIdleDeps): Promise<NotYet | undefined> {
  const record = await deps.notebooks.get(name);
  if (!record) return undefined;
  const { idleMs, graceMs } = deps.settings;
  if (record.state === 'stopping') return queueStop(record, record.warnedAt ?? record.startedAt, deps);
  const seen = await look(record, deps);
  const now = deps.clock.now();
  if (seen.kind === 'gone') {
    await deps.notebooks.forget(name);
    deps.log.info({ notebook: name }, 'idle watch: the notebook no longer runs');
    return undefined;
  }
  if (seen.kind !== 'seen') {
    deps.log.warn(
      { notebook: name, state: seen.kind, reason: 'reason' in seen ? seen.reason : undefined },
      'idle watch: activity unknown',
    );
    return { at: now + Math.min(idleMs, graceMs) };
  }
  const busy = seen.busyKernels > 0 || seen.terminals > 0;
  const lastActive = Math.max(busy ? now : now - seen.idleForMs, record.keptAt ?? 0, record.startedAt);
  let warnedAt = record.warnedAt;
  if (warnedAt !== undefined && lastActive > warnedAt) {
    await deps.notebooks.clearWarning(name, warnedAt);
    deps.log.info({ notebook: name }, 'idle watch: used again after the warning');
    warnedAt = undefined;
  }
  if (warnedAt === undefined) {
    if (now < lastActive + idleMs) return { at: lastActive + idleMs };
    warnedAt = await deps.notebooks.markWarned(name, now);
    if (warnedAt === undefined) return undefined;
  }
  if (now < warnedAt + graceMs) {
    await warnIdle(record, { warnedAt, idleSince: lastActive, now }, deps);
    return { at: warnedAt + graceMs };
  }
  if (!(await deps.notebooks.claimStop(name, warnedAt))) return { afterMs: 1 };
  return queueStop(record, warnedAt, deps);
}

async function warnIdle(
  record: NotebookRecord,
  facts: { readonly warnedAt: number; readonly idleSince: number; readonly now: number },
  deps: NotebookIdleDeps,
): Promise<void> {
  const owner = await deps.people(record.requester);
  const stopAt = facts.warnedAt + deps.settings.graceMs;
  const warning = idleWarning(record, { idleSince: facts.idleSince, stopAt, now: facts.now, timeZone: owner.timeZone });
  // The outbox's delivery id makes every send of this warning one message.
  await deps.notifier.toRequester(noticeOf(record, owner.requester), `idle-warning-${facts.warnedAt}`, warning);
  await deps.audit.record(
    {
      action: 'lifecycle.idle_warned',
      actor: SYSTEM_ACTOR,
      platform: record.requester.platform,
      channel: record.conversation.channelId,
      target: record.name,
      summary: `${record.clusterId} idle since ${new Date(facts.idleSince).toISOString()}, stops ${new Date(stopAt).toISOString()}`,
    },
    { once: `lifecycle-idle-warned-${record.name}-${facts.warnedAt}` },
  );
  deps.log.info({ notebook: record.name, stopAt }, 'owner warned of an idle notebook');
}

/** Queues the claimed stop; a job of that id that exists already (queued, running, done) is left as it is. */
async function queueStop(record: NotebookRecord, warnedAt: number, deps: NotebookIdleDeps): Promise<undefined> {
  const request = idleStopRequest(record, warnedAt, (await deps.people(record.requester)).requester);
  if ((await deps.commands.getJobState(request.requestId)) === 'unknown') {
    await deps.commands.add(request.command.kind, request, { ...commandJobOptions(deps.retention), jobId: request.requestId });
  }
  await deps.audit.record(
    {
      action: 'lifecycle.idle_stopped',
      actor: SYSTEM_ACTOR,
      platform: record.requester.platform,
      channel: record.conversation.channelId,
      requestId: request.requestId,
      command: 'notebook.stop',
      target: record.name,
      summary: `${record.clusterId} unused for ${Math.round(deps.settings.idleMs / 60_000)} min and the grace`,
    },
    { once: `lifecycle-idle-stopped-${record.name}-${warnedAt}` },
  );
  deps.log.info({ notebook: record.name }, 'idle notebook: stopping it');
  return undefined;
}
