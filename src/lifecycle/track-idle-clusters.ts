import type { JobAudit } from '../jobs/job-audit.js';
import type { ClusterIdleDeps } from './cluster-idle-deps.js';
import type { WatchSchedule } from './watch-schedule.js';

type Deps = Pick<ClusterIdleDeps, 'idle' | 'clock' | 'settings'> & { readonly schedule: WatchSchedule };

/**
 * Idle clusters at the job runner's boundary: a cluster that finished being created is watched
 * (reconciling makes sure every tracked cluster is), and a deleted one no longer is.
 */
export function trackIdleClusters(deps: Deps): JobAudit {
  return {
    async checkpointSaved() {},
    async succeeded(request, checkpoint) {
      const clusterId = checkpoint.clusterId;
      if (!clusterId) return;
      if (request.command.kind === 'cluster.create') {
        // Looked at a few times per idle time: the first look starts the idle count.
        await deps.schedule.lookAt(clusterId, deps.clock.now() + Math.ceil(deps.settings.idleMs / 4));
      } else if (request.command.kind === 'cluster.delete') {
        await deps.schedule.cancel(clusterId);
        await deps.idle.forget(clusterId);
      }
    },
    async failed(request, checkpoint) {
      // A deletion gpubot made for idleness that failed: the cluster is watched afresh.
      const clusterId =
        request.command.kind === 'cluster.delete' ? (request.command.clusterId ?? checkpoint.clusterId) : undefined;
      if (request.origin !== 'idle' || !clusterId) return;
      await deps.idle.forget(clusterId);
      await deps.schedule.lookAt(clusterId, deps.clock.now() + Math.ceil(deps.settings.idleMs / 4));
    },
  };
}
