import type { Tag } from '../cloud/port.js';
import { formatDuration } from '../commands/parse-duration.js';
import type { ClusterRecord } from './cluster-records.js';

/** The time to live asked for (`12h`) and the moment the cluster expires (ISO 8601), kept on the cluster itself. */
export const TAG_TTL = 'gpubot.io/ttl';
export const TAG_EXPIRES_AT = 'gpubot.io/expires-at';

/** The cluster's tags with the lifecycle ones brought up to date; every other tag kept as it is. */
export function withLifecycleTags(existing: readonly Tag[], record: Pick<ClusterRecord, 'ttlMs' | 'expiresAt'>): Tag[] {
  return [
    ...existing.filter((tag) => tag.key !== TAG_TTL && tag.key !== TAG_EXPIRES_AT),
    { key: TAG_TTL, value: formatDuration(record.ttlMs) },
    { key: TAG_EXPIRES_AT, value: new Date(record.expiresAt).toISOString() },
  ];
}

export function sameTags(a: readonly Tag[], b: readonly Tag[]): boolean {
  const flat = (tags: readonly Tag[]) =>
    tags
      .map((tag) => `${tag.key}=${tag.value}`)
      .sort()
      .join('\n');
  return flat(a) === flat(b);
}
