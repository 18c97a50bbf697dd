import type { ChatRequest } from '../../queue/request.js';
import type { JobContext, JobDeps } from '../job-context.js';
import { connectCluster, type ClusterAccess } from './notebook-clusters.js';
import { ownedNotebook } from './owned-notebook.js';

/** The notebook's cluster: found and checked on the first attempt, from the checkpoint on a rerun. */
export async function findNotebookCluster(
  context: JobContext,
  deps: JobDeps,
  request: ChatRequest,
  name: string,
): Promise<ClusterAccess> {
  const { clusterId, regionId } = context.checkpoint;
  if (clusterId && regionId) {
    const cluster = await deps.cloud.describeCluster({ regionId, clusterId });
    if (cluster) return connectCluster(deps, cluster);
  }
  const located = await ownedNotebook(deps, request, name);
  await context.save({ regionId: located.cluster.regionId, clusterId: located.cluster.clusterId, createdAt: deps.now() });
  return located;
}
