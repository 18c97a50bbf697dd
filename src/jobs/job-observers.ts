import type { JobAudit } from './job-audit.js';

/** What watches jobs from the runner's boundary: checkpoints and outcomes (audit, spend). */
export type JobObserver = JobAudit;

/** Several observers as one, called in order; each sees every event even if an earlier one failed. */
export function observeAll(...observers: readonly JobObserver[]): JobObserver {
  const each = async (call: (observer: JobObserver) => Promise<void>) => {
    const failures = (await Promise.allSettled(observers.map(call))).filter((r) => r.status === 'rejected');
    if (failures[0]) throw failures[0].reason;
  };
  return {
    checkpointSaved: (request, before, after) => each((o) => o.checkpointSaved(request, before, after)),
    succeeded: (request, checkpoint) => each((o) => o.succeeded(request, checkpoint)),
    failed: (request, checkpoint, error, left) => each((o) => o.failed(request, checkpoint, error, left)),
  };
}
