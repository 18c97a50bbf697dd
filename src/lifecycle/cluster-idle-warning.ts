import { text } from '../i18n/text.js';
import { message, type Message, type MessageAction } from '../messages/model.js';
import type { ClusterRecord } from './cluster-records.js';
import { expiryActions } from './expiry-actions.js';

const KEEP = 'cluster-keep';
const CLUSTER_ID = /^[A-Za-z0-9-]{1,64}$/;

/** A press on an idle cluster warning's "Keep running": which cluster (by id). Undefined for any other button. */
export function parseClusterKeep(actionId: string, value: string): { readonly clusterId: string } | undefined {
  return actionId === KEEP && CLUSTER_ID.test(value) ? { clusterId: value } : undefined;
}

/**
 * The private warning that a cluster sits idle (no gpubot notebook, no pod using a GPU): since
 * when, when it will be deleted, and buttons to keep it running or delete it now (the expiry
 * warning's "Delete now").
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
  const deleteNow = expiryActions(record, 0).filter((action) => action.style === 'danger');
  return message(
    'warning',
    [text('lifecycle.clusterIdle.body', { since: facts.idleSince, at: facts.deleteAt, timeZone: facts.timeZone })],
    {
      title: text('lifecycle.clusterIdle.title', { name: record.name, idleMs: facts.now - facts.idleSince }),
      actions: [keep, ...deleteNow],
    },
  );
}
