import { formatDuration } from '../commands/parse-duration.js';
import { text } from '../i18n/text.js';
import type { MessageAction } from '../messages/model.js';
import type { ClusterRecord } from './cluster-records.js';

/** The extensions a warning offers, as buttons: "Extend 2h", "Extend 8h". */
export const EXTEND_CHOICES_MS: readonly number[] = [2 * 3_600_000, 8 * 3_600_000];

// A summary shows the buttons of several clusters in one message: `.<n>` keeps their ids apart.
const EXTEND = /^extend-(\d+[smhd])(?:\.\d+)?$/;
const DELETE_NOW = /^delete-now(?:\.\d+)?$/;
const CLUSTER_ID = /^[A-Za-z0-9-]{1,64}$/;

/** A press on an expiry warning's button: what it asks for, about which cluster (by id, not name). */
export type ExpiryAction =
  | { readonly kind: 'extend'; readonly clusterId: string; readonly byMs: number }
  | { readonly kind: 'delete'; readonly clusterId: string };

/**
 * The buttons of an expiry warning: the extensions that fit under the maximum lifetime, and
 * "Delete now". Each also says what to type where there are no buttons.
 */
export function expiryActions(record: ClusterRecord, roomMs: number): MessageAction[] {
  const extend = EXTEND_CHOICES_MS.filter((by) => by <= roomMs).map((by): MessageAction => {
    const word = formatDuration(by);
    return {
      id: `extend-${word}`,
      label: text('lifecycle.action.extend', { by: word }),
      value: record.clusterId,
      style: 'primary',
      command: `/gpu-cluster extend ${record.name} ${word}`,
    };
  });
  return [
    ...extend,
    {
      id: 'delete-now',
      label: text('lifecycle.action.deleteNow'),
      value: record.clusterId,
      style: 'danger',
      command: `/gpu-cluster delete ${record.name}`,
    },
  ];
}

/** A summary's buttons: each cluster's, named, in one message (Slack allows 25 buttons: eight clusters' worth). */
export function summaryActions(records: readonly ClusterRecord[], maxTtlMs: number): MessageAction[] {
  return records.slice(0, 8).flatMap((record, index) =>
    expiryActions(record, record.createdAt + maxTtlMs - record.expiresAt).map((action) => ({
      ...action,
      id: `${action.id}.${index + 1}`,
      label:
        action.id === 'delete-now'
          ? text('lifecycle.action.deleteNamed', { name: record.name })
          : text('lifecycle.action.extendNamed', { name: record.name, by: action.id.replace(/^extend-/, '') }),
    })),
  );
}

/** Undefined for an action that is not an expiry warning's. */
export function parseExpiryAction(actionId: string, value: string): ExpiryAction | undefined {
  if (!CLUSTER_ID.test(value)) return undefined;
  if (DELETE_NOW.test(actionId)) return { kind: 'delete', clusterId: value };
  const by = EXTEND.exec(actionId)?.[1];
  const byMs = by ? EXTEND_CHOICES_MS.find((choice) => formatDuration(choice) === by) : undefined;
  return byMs === undefined ? undefined : { kind: 'extend', clusterId: value, byMs };
}
