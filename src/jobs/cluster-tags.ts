import type { ClusterSummary, Tag } from '../cloud/port.js';
import { formatDuration } from '../commands/parse-duration.js';
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

/** The time to live asked for (`12h`) and the moment the cluster expires (ISO 8601), kept on the cluster itself. */
export const TAG_TTL = 'gpubot.io/ttl';
export const TAG_EXPIRES_AT = 'gpubot.io/expires-at';

/** A new cluster's life in lifecycle time, fixed before CreateCluster so its tags can carry the expiry. */
export interface ClusterLifetime {
  readonly createdAt: number;
  readonly ttlMs: number;
  readonly expiresAt: number;
}

export function lifetimeTags(lifetime: Pick<ClusterLifetime, 'ttlMs' | 'expiresAt'>): Tag[] {
  return [
    { key: TAG_TTL, value: formatDuration(lifetime.ttlMs) },
    { key: TAG_EXPIRES_AT, value: new Date(lifetime.expiresAt).toISOString() },
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
