import { randomBytes } from 'node:crypto';
import type { ObjectStore } from './object-store.js';
import { R } from './resources.js';
import type { KubeObject } from './types.js';

export interface EventSource {
  component: string;
  host?: string;
}

/**
 * Each store's recorded Events by object, reason and message, as a component's event recorder keeps
 * them: a repeat is found without scanning every Event of the namespace.
 */
const recorded = new WeakMap<ObjectStore, Map<string, string>>();

/**
 * Records a core/v1 Event about an object, as a controller or kubelet would. A repeat of the same
 * reason and message for the same object bumps `count` and `lastTimestamp` instead of adding a new Event.
 */
export function recordEvent(
  store: ObjectStore,
  involved: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  source: EventSource,
  fieldPath?: string,
): void {
  const namespace = involved.metadata.namespace ?? 'default';
  const now = store.timestamp();
  let names = recorded.get(store);
  if (!names) recorded.set(store, (names = new Map()));
  const key = JSON.stringify([namespace, involved.metadata.uid, reason, message]);
  const existing = names.get(key);
  const repeated =
    existing !== undefined &&
    store.mutate(R.events, namespace, existing, (e) => {
      e['count'] = Number(e['count'] ?? 1) + 1;
      e['lastTimestamp'] = now;
    });
  if (repeated) return;
  const name = `${involved.metadata.name}.${randomBytes(8).toString('hex')}`;
  names.set(key, name);
  store.create(R.events, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace },
    involvedObject: {
      kind: involved.kind,
      namespace,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: involved.metadata.resourceVersion,
      ...(fieldPath ? { fieldPath } : {}),
    },
    reason,
    message,
    source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type,
    eventTime: null,
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  });
}
