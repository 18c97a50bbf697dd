import { text, type Text } from '../i18n/text.js';
import type { ClusterRecords } from './cluster-records.js';
import type { LifecycleClock } from './lifecycle-clock.js';

/** For `/gpu-cluster list` and `status`: per cluster id, how long it has left (what it ran and cost is the meter's line). */
export type DescribeLifetimes = (clusterIds: readonly string[]) => Promise<Map<string, Text>>;

export function createDescribeLifetimes(deps: {
  readonly records: ClusterRecords;
  readonly clock: LifecycleClock;
}): DescribeLifetimes {
  return async (clusterIds) => {
    const found = new Map<string, Text>();
    const now = deps.clock.now();
    for (const clusterId of clusterIds) {
      const record = await deps.records.get(clusterId);
      if (!record) continue;
      found.set(
        clusterId,
        text('lifecycle.list.line', { leftMs: record.expiresAt - now, expiring: record.state === 'expiring' }),
      );
    }
    return found;
  };
}
