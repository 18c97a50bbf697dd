import { UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import type { KubeNotebooks, NotebookObservation } from '../../kube/port.js';
import type { ProgressTracker } from '../progress-tracker.js';
import { notReadyReason, type TimeoutFacts } from './not-ready-reason.js';
import { publishStep } from './publish-step.js';

export interface ServingNotebook {
  readonly pod: string;
  readonly address: string;
  readonly port?: number;
}

/** What one look saw, as one edit of the progress message however many steps it moved. */
function report(progress: ProgressTracker, seen: NotebookObservation, image: string): Promise<void> {
  return progress.batch(() => reportSteps(progress, seen, image));
}

async function reportSteps(progress: ProgressTracker, seen: NotebookObservation, image: string): Promise<void> {
  const pod = seen.pod;
  if (pod?.nodeName) await publishStep(progress, 'schedule', 'done', text('notebook.schedule.on', { node: pod.nodeName }));
  else if (pod?.unschedulable)
    await publishStep(progress, 'schedule', 'running', text('notebook.schedule.pending', { reason: pod.unschedulable }));
  else await publishStep(progress, 'schedule', 'running');
  if (pod?.waiting && /ImagePull|ErrImage/.test(pod.waiting.reason)) {
    await publishStep(progress, 'pull', 'running', text('notebook.pull.failing', { image, reason: pod.waiting.reason }));
  } else if (pod?.pulled) await publishStep(progress, 'pull', 'done', text('notebook.pull.done', { image }));
  else if (pod?.pulling) await publishStep(progress, 'pull', 'running', text('notebook.pull.pulling', { image }));
  if (pod?.ready) await publishStep(progress, 'ready', 'done', text('notebook.ready.done', { pod: pod.name }));
  else if (pod?.pulled && pod.waiting && pod.waiting.reason !== 'ContainerCreating') {
    await publishStep(progress, 'ready', 'running', text('notebook.ready.waiting', { reason: pod.waiting.reason }));
  } else if (pod?.pulled) await publishStep(progress, 'ready', 'running');
  if (seen.address) await publishStep(progress, 'address', 'done', text('notebook.address.done', { address: seen.address }));
  else if (seen.serviceWarnings?.length) {
    // The cloud controller says why the load balancer has no address (e.g. SyncLoadBalancerFailed: ...).
    await publishStep(
      progress,
      'address',
      'running',
      text('notebook.address.warning', { warning: seen.serviceWarnings.at(-1) ?? '' }),
    );
  } else await publishStep(progress, 'address', 'running');
}

type LookTarget = { namespace: string } & TimeoutFacts;

/**
 * One look at a starting notebook: reports on each step what changed, and says where it serves
 * once the pod is ready and the load balancer has an address; otherwise what it saw (for the poll
 * interval). Once `overdue` it throws with the reason read from this look. The look is shared with
 * the other waiting starts on the cluster: from one namespace-wide read at most half a poll
 * interval old, so a ready notebook is still seen within one interval.
 */
export async function checkNotebook(
  progress: ProgressTracker,
  notebooks: KubeNotebooks,
  target: LookTarget,
  overdue: boolean,
  pollIntervalMs: number,
): Promise<ServingNotebook | { readonly observed: string }> {
  const seen = await notebooks.observeShared(target.namespace, target.name, pollIntervalMs / 2);
  await report(progress, seen, target.image);
  if (seen.pod?.ready && seen.address) {
    return { pod: seen.pod.name, address: seen.address, ...(seen.port !== undefined ? { port: seen.port } : {}) };
  }
  if (overdue) throw new UserFacingError('notebook.timeout', notReadyReason(seen, target));
  return { observed: JSON.stringify(seen) };
}
