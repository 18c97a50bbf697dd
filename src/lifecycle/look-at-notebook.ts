import { GONE_STATES } from '../jobs/cluster-tags.js';
import type { NotebookActivity } from '../kube/port.js';
import type { NotebookIdleDeps } from './notebook-idle-deps.js';
import type { NotebookRecord } from './notebook-records.js';

export type Look = NotebookActivity | { readonly kind: 'gone' };

/** The notebook's activity; `gone` when it, or its cluster, no longer runs. */
export async function look(record: NotebookRecord, deps: NotebookIdleDeps): Promise<Look> {
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

/** Why the notebook was last seen as it was: its Jupyter read, or its activity unreadable since `since`. */
export interface Sight {
  readonly lastActive: number;
  readonly unreadable?: { readonly since: number; readonly reason: string };
}

/**
 * What a look tells of the notebook's latest use. Activity that cannot be read is never taken for
 * idleness: it counts as used up to the moment it could first not be read, so a notebook whose
 * activity stays unreadable for the whole idle time gets the same warning (saying gpubot cannot
 * tell) and, unless kept, the same stop: else it would hold its GPU for ever.
 */
export async function sightOf(
  record: NotebookRecord,
  seen: Exclude<Look, { kind: 'gone' | 'not-running' }>,
  now: number,
  deps: NotebookIdleDeps,
): Promise<Sight> {
  const floor = Math.max(record.keptAt ?? 0, record.startedAt);
  if (seen.kind === 'unreadable') {
    const since = (await deps.notebooks.markUnreadable(record.name, now)) ?? now;
    deps.log.warn(
      { notebook: record.name, reason: seen.reason, unreadableSince: since, unreadableForMs: now - since },
      'idle watch: activity unreadable',
    );
    return { lastActive: Math.max(since, floor), unreadable: { since, reason: seen.reason } };
  }
  if (record.unreadableSince !== undefined) {
    await deps.notebooks.markReadable(record.name);
    deps.log.info({ notebook: record.name }, 'idle watch: activity readable again');
  }
  const busy = seen.busyKernels > 0 || seen.terminals > 0;
  return { lastActive: Math.max(busy ? now : now - seen.idleForMs, floor) };
}
