import { text, type Text } from '../../i18n/text.js';
import type { NotebookObservation } from '../../kube/port.js';

const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);

export interface TimeoutFacts {
  readonly name: string;
  readonly image: string;
  readonly seconds: number;
  readonly addressType: string;
  /** `nlb` or `clb`. */
  readonly loadBalancer: string;
}

/** Why a notebook is not serving yet, from the last poll: the first thing in the way wins. */
export function notReadyReason(observation: NotebookObservation | undefined, facts: TimeoutFacts): Text {
  const pod = observation?.pod;
  const base = { name: facts.name, image: facts.image, seconds: facts.seconds };
  if (!pod) return text('notebook.timeout.noPod', base);
  if (pod.unschedulable) return text('notebook.timeout.unschedulable', { ...base, reason: pod.unschedulable });
  if (!pod.nodeName) return text('notebook.timeout.notScheduled', base);
  if (pod.waiting && PULL_FAILURES.has(pod.waiting.reason)) {
    return text('notebook.timeout.imagePull', {
      ...base,
      reason: pod.waiting.reason,
      message: pod.pullError ?? pod.waiting.message ?? '',
    });
  }
  if (!pod.pulled && pod.pulling) return text('notebook.timeout.stillPulling', base);
  if (pod.waiting && pod.waiting.reason !== 'ContainerCreating') {
    return text('notebook.timeout.containerWaiting', { ...base, reason: pod.waiting.reason, message: pod.waiting.message ?? '' });
  }
  if (!pod.ready) return text('notebook.timeout.notReady', { ...base, phase: pod.phase });
  const warnings = observation?.serviceWarnings ?? [];
  if (warnings.length > 0) {
    return text('notebook.timeout.loadBalancerFailed', {
      ...base,
      loadBalancer: facts.loadBalancer,
      warnings: warnings.join(' | '),
    });
  }
  return text('notebook.timeout.noAddress', { ...base, addressType: facts.addressType, loadBalancer: facts.loadBalancer });
}
