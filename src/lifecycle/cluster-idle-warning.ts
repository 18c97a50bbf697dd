import { text } from '../i18n/text.js';
import { message, type Message, type MessageAction } from '../messages/model.js';
import type { ClusterRecord } from './cluster-records.js';

/** Lowercase letters only: DingTalk's action card carries them in its track id. */
const KEEP = 'keepcluster';
const DELETE = 'deletecluster';
const CLUSTER_ID = /^[A-Za-z0-9-]{1,64}$/;

/** A press on an idle cluster warning's button: what, about which cluster (by id). Undefined for any other button. */
export function parseClusterIdleAction(
  actionId: string,
  value: string,
): { readonly kind: 'keep' | 'delete'; readonly clusterId: string } | undefined {
  if (!CLUSTER_ID.test(value)) return undefined;
  if (actionId === KEEP) return { kind: 'keep', clusterId: value };
  if (actionId === DELETE) return { kind: 'delete', clusterId: value };
  return undefined;
}

/**
 * The private warning that a cluster sits idle (no gpubot notebook, no pod using a GPU): since
 * when, when it will be deleted, and buttons to keep it running or delete it now.
 */
export function clusterIdleWarning(
  record: ClusterRecord,
  facts: { readonly idleSince: number; readonly deleteAt: number; readonly now: number; readonly timeZone: string },
): Message {
  const keep: MessageAction = {
    id: KEEP,
    label: text('lifecycle.idle.action.keep'),
    value: record.clusterId,
    style: 'primary',
    command: `/gpu-cluster keep ${record.name}`,
  };
  const deleteNow: MessageAction = {
    id: DELETE,
    label: text('lifecycle.action.deleteNow'),
    value: record.clusterId,
    style: 'danger',
    command: `/gpu-cluster delete ${record.name}`,
  };
  return message(
    'warning',
    [text('lifecycle.clusterIdle.body', { since: facts.idleSince, at: facts.deleteAt, timeZone: facts.timeZone })],
    {
      title: text('lifecycle.clusterIdle.title', { name: record.name, idleMs: facts.now - facts.idleSince }),
      actions: [keep, deleteNow],
    },
  );
}
