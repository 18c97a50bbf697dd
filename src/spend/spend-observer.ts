import type { JobObserver } from '../jobs/job-observers.js';
import { ownerOf } from '../queue/request.js';
import type { SpendLedger } from './spend-ledger.js';
import type { UsageMeter } from './usage-meter.js';

/**
 * Spend at the job runner's boundary: a create's cluster appearing in its checkpoint starts the
 * meter; a delete that succeeded stops it and gives the limits back (with the notebooks that were
 * on it); a request that failed before creating anything gives back what it held.
 */
export function createSpendObserver(deps: {
  readonly ledger: SpendLedger;
  readonly meter: UsageMeter;
  readonly now: () => number;
}): JobObserver {
  const { ledger, meter } = deps;
  return {
    async checkpointSaved(request, before, after) {
      if (before.clusterId || !after.clusterId) return;
      const command = request.command;
      if (command.kind === 'cluster.create') {
        const regionId = after.regionId ?? command.region;
        await meter.start(request, { clusterId: after.clusterId, regionId }, after.createdAt ?? deps.now());
      } else if (command.kind === 'notebook.start') {
        await ledger.placeNotebook(request, after.clusterId);
      }
    },

    async succeeded(request, checkpoint) {
      const command = request.command;
      if (command.kind === 'cluster.delete' && checkpoint.clusterId) {
        await meter.stop(checkpoint.clusterId, deps.now());
        await ledger.releaseClusterNotebooks(checkpoint.clusterId);
      } else if (command.kind === 'notebook.start') {
        // The running notebook keeps its hold under its own name until it is stopped or deleted.
        await ledger.forget(request.requestId);
      } else if (command.kind === 'cluster.scale' && command.target) {
        // A growth's holds went into the cluster's when its pool reached its size (settle-scale.ts); any it
        // still has (no cluster hold was found) go with the cluster. Notebooks a shrink stopped hold nothing.
        await ledger.joinHolds(request.requestId, command.target.createRequestId);
        for (const stop of checkpoint.scaleStops ?? []) await ledger.releaseNotebook(stop.name, ownerOf(request.requester));
      } else if (command.kind === 'notebook.stop' || command.kind === 'notebook.delete') {
        await ledger.releaseNotebook(command.name, ownerOf(request.requester));
      }
    },

    async failed(request, checkpoint) {
      const command = request.command;
      // A create that got as far as a cluster is metered until the cluster is gone (the meter's
      // reconcile notices a failed create that deleted it); anything else held nothing real.
      if (command.kind === 'cluster.create' && checkpoint.clusterId) return;
      if (command.kind === 'cluster.create' || command.kind === 'notebook.start' || command.kind === 'cluster.scale') {
        await ledger.release(request.requestId);
      }
    },
  };
}
