import { UserFacingError } from '../../errors.js';
import type { NodeInfo } from '../../kube/port.js';
import { describeRefusal } from '../../reservations/describe-refusal.js';
import { clusterGpus } from '../../reservations/resources.js';
import { notebookHoldId } from '../hold-ids.js';
import type { ClusterAccess } from './notebook-clusters.js';
import type { NotebookDeps } from './notebook-deps.js';

type GpuDeps = Pick<NotebookDeps, 'reservations' | 'cache' | 'notebook' | 'pollIntervalMs'>;

/**
 * Brings the cluster's GPU count in line with its notebooks (those not stopped hold their GPUs),
 * at most once per poll interval for all the notebooks starting on it.
 */
async function reconcileWithNotebooks(deps: GpuDeps, access: ClusterAccess): Promise<void> {
  const { clusterId } = access.cluster;
  await deps.cache.get(`gpus-reconciled:${clusterId}`, deps.pollIntervalMs, async () => {
    const running = (await access.kube.notebooks.list(deps.notebook.namespace)).filter((notebook) => !notebook.stopped);
    await deps.reservations.reconcile(clusterGpus(clusterId), {
      count: running.reduce((sum, notebook) => sum + notebook.gpus, 0),
      ids: running.flatMap((notebook) => (notebook.requestId ? [notebookHoldId(notebook.requestId)] : [])),
    });
    return true;
  });
}

/**
 * Holds `gpus` of the cluster's GPUs for this start, atomically against every other start on it:
 * what its ready workers expose is the limit. Refused in plain words when they do not fit.
 */
export async function holdGpus(
  deps: GpuDeps,
  requestId: string,
  access: ClusterAccess,
  nodes: readonly NodeInfo[],
  gpus: number,
): Promise<void> {
  await reconcileWithNotebooks(deps, access);
  const limit = nodes.filter((node) => node.isWorker && node.ready).reduce((sum, node) => sum + node.allocatableGpus, 0);
  const outcome = await deps.reservations.reserve(notebookHoldId(requestId), [
    { resource: clusterGpus(access.cluster.clusterId), amount: gpus, limit },
  ]);
  if (outcome.status === 'refused') {
    throw new UserFacingError('notebook.no_free_gpus', describeRefusal(outcome, access.cluster.name));
  }
}

/** The notebook a request started is gone (stopped, deleted, or its start failed): its GPUs are free. */
export async function releaseGpus(deps: Pick<NotebookDeps, 'reservations'>, startedBy: string | undefined): Promise<void> {
  if (startedBy) await deps.reservations.release(notebookHoldId(startedBy));
}
