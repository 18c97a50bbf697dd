import type { ChatRequest } from '../../queue/request.js';
import type { JobContext } from '../job-context.js';
import type { NotebookDeps } from './notebook-deps.js';
import { connectCluster, type ClusterAccess } from './notebook-clusters.js';
import { ownedNotebook } from './owned-notebook.js';

/** The notebook's cluster: found and checked on the first run, from the checkpoint on every later one. */
export async function findNotebookCluster(
  context: JobContext,
  deps: NotebookDeps,
  request: ChatRequest,
  name: string,
): Promise<ClusterAccess> {
  const { clusterId, regionId, clusterName } = context.checkpoint;
  if (clusterId && regionId && clusterName) return connectCluster(deps, { clusterId, regionId, name: clusterName });
  const located = await ownedNotebook(deps, request, name);
  const { cluster } = located;
  const startedBy = located.info.requestId;
  await context.save({
    regionId: cluster.regionId,
    clusterId: cluster.clusterId,
    clusterName: cluster.name,
    createdAt: deps.now(),
    // The start that made it holds its GPUs until it is gone.
    ...(startedBy ? { createdBy: startedBy } : {}),
  });
  return located;
}
