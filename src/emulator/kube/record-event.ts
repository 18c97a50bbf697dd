import { randomBytes } from 'node:crypto';
import type { ObjectStore } from './object-store.js';
import { R } from './resources.js';
import type { KubeObject } from './types.js';

export interface EventSource {
  component: string;
  host?: string;
}

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
  const [existing] = store.list(R.events, namespace, (e) => {
    const io = e['involvedObject'] as { uid?: string } | undefined;
    return io?.uid === involved.metadata.uid && e['reason'] === reason && e['message'] === message;
  });
  if (existing) {
    store.mutate(R.events, namespace, existing.metadata.name, (e) => {
      e['count'] = Number(e['count'] ?? 1) + 1;
      e['lastTimestamp'] = now;
    });
    return;
  }
  store.create(R.events, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
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
