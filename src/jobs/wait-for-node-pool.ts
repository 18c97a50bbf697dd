import type { ClusterRef, NodePool } from '../cloud/port.js';
import { UserFacingError } from '../errors.js';
import { text } from '../i18n/text.js';
import { checkNodePool, type NodePoolIds } from './check-node-pool.js';
import type { JobContext, JobDeps } from './job-context.js';
import type { ProgressTracker } from './progress-tracker.js';
import { nextInterval } from './wait.js';

/** Looks at the node pool until it is active, showing each new stage; fails on a failed task or timeout. */
export async function waitForNodePool(
  context: JobContext,
  deps: JobDeps,
  progress: ProgressTracker,
  cluster: ClusterRef & { name: string },
  ids: NodePoolIds,
): Promise<NodePool> {
  const base = deps.settings.pollIntervalMs;
  let interval = base;
  let last = '';
  for (;;) {
    const decision = await checkNodePool(deps, cluster, ids);
    if (decision.kind === 'ready') return decision.value;
    if (decision.kind === 'failed') throw new UserFacingError(decision.code, decision.reason);
    const changed = decision.observed !== last;
    if (changed) await progress.detail('nodes', decision.detail);
    last = decision.observed;
    if (context.elapsed('nodepool') > deps.settings.clusterTimeoutMs) {
      throw new UserFacingError(
        'nodepool.timeout',
        text('cluster.error.nodePoolTimeout', {
          name: cluster.name,
          nodepoolId: ids.nodepoolId,
          waited: Math.round(deps.settings.clusterTimeoutMs / 1000),
        }),
      );
    }
    interval = nextInterval(interval, base, changed);
    await deps.sleep(interval);
  }
}
