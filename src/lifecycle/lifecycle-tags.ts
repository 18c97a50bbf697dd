import type { Tag } from '../cloud/port.js';
import { lifetimeTags, TAG_EXPIRES_AT, TAG_TTL } from '../jobs/cluster-tags.js';
import type { ClusterRecord } from './cluster-records.js';

/** The cluster's tags with the lifecycle ones brought up to date; every other tag kept as it is. */
export function withLifecycleTags(existing: readonly Tag[], record: Pick<ClusterRecord, 'ttlMs' | 'expiresAt'>): Tag[] {
  return [...existing.filter((tag) => tag.key !== TAG_TTL && tag.key !== TAG_EXPIRES_AT), ...lifetimeTags(record)];
}

export function sameTags(a: readonly Tag[], b: readonly Tag[]): boolean {
  const flat = (tags: readonly Tag[]) =>
    tags
      .map((tag) => `${tag.key}=${tag.value}`)
      .sort()
      .join('\n');
  return flat(a) === flat(b);
}
