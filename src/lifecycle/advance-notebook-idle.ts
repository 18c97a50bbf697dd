import { SYSTEM_ACTOR } from '../audit/audit-event.js';
import { commandJobOptions } from '../bot/handle-command.js';
import type { ChatRequest } from '../queue/request.js';
import { idleWarning, unreadableWarning } from './idle-warning.js';
import { look, sightOf, type Sight } from './look-at-notebook.js';
import type { NotebookIdleDeps } from './notebook-idle-deps.js';
import type { NotebookRecord } from './notebook-records.js';
import type { NotYet } from './run-lifecycle-worker.js';

/** The stop an idle notebook gets: its owner's own stop, marked as gpubot's doing, once per warning. */
export function idleStopRequest(
  record: NotebookRecord,
  warnedAt: number,
  owner: ChatRequest['requester'],
  unreadable = false,
): ChatRequest {
  return {
    requestId: `idle-${record.name}-${warnedAt}`,
    command: { kind: 'notebook.stop', name: record.name },
    requester: owner,
    conversation: record.conversation,
    receivedAt: Date.now(),
    origin: 'idle',
    ...(unreadable ? { activityUnreadable: true as const } : {}),
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

/**
 * One step of a notebook's idle job. The notebook is looked at when it could first have been idle
 * for GPUBOT_NOTEBOOK_IDLE (idle counts from its Jupyter's latest activity, its start and the last
 * "Keep running"); then its owner is warned, once; if it is still unused when the grace is over
 * the stop is claimed (once, whichever worker gets there) and queued as the owner's own stop,
 * which frees its GPUs. Use after the warning, or "Keep running", takes the warning back. A
 * notebook with no ready pod is looked at again later; one whose activity cannot be read (exec
 * fails, Jupyter not answering) is looked at more often, and warned about once it has been
 * unreadable for the idle time (sightOf).
 */
export async function advanceNotebookIdle(name: string, deps: NotebookIdleDeps): Promise<NotYet | undefined> {
  const record = await deps.notebooks.get(name);
  if (!record) return undefined;
  const { idleMs, graceMs } = deps.settings;
  if (record.state === 'stopping') {
    return queueStop(record, record.warnedAt ?? record.startedAt, record.unreadableSince !== undefined, deps);
  }
  const seen = await look(record, deps);
  const now = deps.clock.now();
  if (seen.kind === 'gone') {
    await deps.notebooks.forget(name);
    deps.log.info({ notebook: name }, 'idle watch: the notebook no longer runs');
    return undefined;
  }
  if (seen.kind === 'not-running') {
    deps.log.warn({ notebook: name, state: seen.kind }, 'idle watch: activity unknown');
    return { at: now + Math.min(idleMs, graceMs) };
  }
  const sight = await sightOf(record, seen, now, deps);
  // While unreadable, looked at again within the grace: readable again, it is judged on what it shows.
  const next = (at: number) => (sight.unreadable ? Math.min(at, now + Math.min(idleMs, graceMs)) : at);
  let warnedAt = record.warnedAt;
  if (warnedAt !== undefined && sight.lastActive > warnedAt) {
    await deps.notebooks.clearWarning(name, warnedAt);
    deps.log.info({ notebook: name }, 'idle watch: used again after the warning (or unreadable since)');
    warnedAt = undefined;
  }
  if (warnedAt === undefined) {
    if (now < sight.lastActive + idleMs) return { at: next(sight.lastActive + idleMs) };
    warnedAt = await deps.notebooks.markWarned(name, now);
    if (warnedAt === undefined) return undefined;
  }
  if (now < warnedAt + graceMs) {
    await warnIdle(record, { warnedAt, idleSince: sight.lastActive, now, unreadable: sight.unreadable }, deps);
    return { at: next(warnedAt + graceMs) };
  }
  if (!(await deps.notebooks.claimStop(name, warnedAt))) return { afterMs: 1 };
  return queueStop(record, warnedAt, sight.unreadable !== undefined, deps);
}

async function warnIdle(
  record: NotebookRecord,
  facts: {
    readonly warnedAt: number;
    readonly idleSince: number;
    readonly now: number;
    readonly unreadable?: Sight['unreadable'];
  },
  deps: NotebookIdleDeps,
): Promise<void> {
  const owner = await deps.people(record.requester);
  const stopAt = facts.warnedAt + deps.settings.graceMs;
  const timing = { idleSince: facts.idleSince, stopAt, now: facts.now, timeZone: owner.timeZone };
  const warning = facts.unreadable ? unreadableWarning(record, { ...timing, ...facts.unreadable }) : idleWarning(record, timing);
  // The outbox's delivery id makes every send of this warning one message.
  await deps.notifier.toRequester(noticeOf(record, owner.requester), `idle-warning-${facts.warnedAt}`, warning);
  await deps.audit.record(
    {
      action: 'lifecycle.idle_warned',
      actor: SYSTEM_ACTOR,
      platform: record.requester.platform,
      channel: record.conversation.channelId,
      target: record.name,
      summary: `${record.clusterId} ${facts.unreadable ? 'activity unreadable' : 'idle'} since ${new Date(facts.idleSince).toISOString()}, stops ${new Date(stopAt).toISOString()}`,
    },
    { once: `lifecycle-idle-warned-${record.name}-${facts.warnedAt}` },
  );
  deps.log.info({ notebook: record.name, stopAt }, 'owner warned of an idle notebook');
}

/** Queues the claimed stop; a job of that id that exists already (queued, running, done) is left as it is. */
async function queueStop(
  record: NotebookRecord,
  warnedAt: number,
  unreadable: boolean,
  deps: NotebookIdleDeps,
): Promise<undefined> {
  const request = idleStopRequest(record, warnedAt, (await deps.people(record.requester)).requester, unreadable);
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
      summary: `${record.clusterId} ${unreadable ? 'activity unreadable' : 'unused'} for ${Math.round(deps.settings.idleMs / 60_000)} min and the grace`,
    },
    { once: `lifecycle-idle-stopped-${record.name}-${warnedAt}` },
  );
  deps.log.info({ notebook: record.name, unreadable }, 'idle notebook: stopping it');
  return undefined;
}
