import { GONE_STATES, isManaged } from '../jobs/cluster-tags.js';
import type { ClusterLifecycleDeps } from './cluster-lifecycle-deps.js';
import { sameTags, withLifecycleTags } from './lifecycle-tags.js';

/**
 * Writes the cluster's time to live and expiry onto the cluster itself, so they survive even the
 * loss of Redis (reconciling reads them back). Only a live cluster that carries gpubot's tags is
 * touched, and every tag it has is kept.
 */
export async function syncClusterTags(
  clusterId: string,
  deps: Pick<ClusterLifecycleDeps, 'records' | 'cloud' | 'log'>,
): Promise<void> {
  const record = await deps.records.get(clusterId);
  if (!record) return;
  const ref = { regionId: record.regionId, clusterId };
  const detail = await deps.cloud.describeCluster(ref);
  if (!detail || GONE_STATES.includes(detail.state) || !isManaged(detail)) return;
  const tags = withLifecycleTags(detail.tags, record);
  if (sameTags(tags, detail.tags)) return;
  await deps.cloud.setClusterTags(ref, tags);
  deps.log.info({ clusterId, expiresAt: record.expiresAt }, 'cluster expiry written to its tags');
}
