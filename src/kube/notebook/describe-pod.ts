import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { NOTEBOOK_CONTAINER } from './notebook-labels.js';
import type { NotebookPod } from './types.js';

/** Reads what a starting notebook pod is doing from its status and its Events. */
export function describePod(pod: V1Pod, events: readonly CoreV1Event[]): NotebookPod {
  const status = pod.status ?? {};
  const scheduled = (status.conditions ?? []).find((c) => c.type === 'PodScheduled');
  const container = (status.containerStatuses ?? []).find((c) => c.name === NOTEBOOK_CONTAINER) ?? status.containerStatuses?.[0];
  const waiting = container?.state?.waiting;
  const own = events.filter((e) => e.involvedObject.uid === undefined || e.involvedObject.uid === pod.metadata?.uid);
  const reasons = new Set(own.map((e) => e.reason));
  const pullError = own.filter((e) => e.reason === 'Failed' && e.message?.startsWith('Failed to pull image')).pop()?.message;
  const nodeName = pod.spec?.nodeName;
  return {
    name: pod.metadata?.name ?? '',
    phase: status.phase ?? 'Pending',
    ready: Boolean(container?.ready),
    pulling: reasons.has('Pulling'),
    pulled: reasons.has('Pulled') || Boolean(container?.state?.running),
    ...(nodeName ? { nodeName } : {}),
    ...(pullError ? { pullError } : {}),
    ...(scheduled?.status === 'False' && scheduled.message ? { unschedulable: scheduled.message } : {}),
    ...(waiting?.reason ? { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } } : {}),
  };
}
