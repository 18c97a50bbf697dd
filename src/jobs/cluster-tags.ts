import type { ClusterSummary, Tag } from '../cloud/port.js';
import { ownerOf, type ChatRequest } from '../queue/request.js';

/** Tags that mark a cluster as gpubot's, name its owner and the request that created it. */
export const TAG_MANAGED_BY = 'gpubot.io/managed-by';
export const TAG_OWNER = 'gpubot.io/owner';
export const TAG_REQUEST = 'gpubot.io/request';

export function tagsFor(request: ChatRequest): Tag[] {
  return [
    { key: TAG_MANAGED_BY, value: 'gpubot' },
    { key: TAG_OWNER, value: ownerOf(request.requester) },
    { key: TAG_REQUEST, value: request.requestId },
  ];
}

export function tagValue(cluster: ClusterSummary, key: string): string | undefined {
  return cluster.tags.find((tag) => tag.key === key)?.value;
}

export function isManaged(cluster: ClusterSummary): boolean {
  return tagValue(cluster, TAG_MANAGED_BY) === 'gpubot';
}

/** States of a cluster that is gone or going: ACK may report `deleted` a while before it forgets the cluster. */
export const GONE_STATES: readonly string[] = ['deleting', 'deleted'];

/** Clusters being deleted or gone do not count as "in use" or as name holders. */
export function isLive(cluster: ClusterSummary): boolean {
  return !GONE_STATES.includes(cluster.state);
}
