import { text, type Text } from '../i18n/text.js';
import type { ClusterRecords } from './cluster-records.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import type { SpendReader } from './spend-reader.js';

/** For `/gpu-cluster list`: per cluster id, how long it has run, how long it has left and what it cost so far. */
export type DescribeLifetimes = (clusterIds: readonly string[]) => Promise<Map<string, Text>>;

export function createDescribeLifetimes(deps: {
  readonly records: ClusterRecords;
  readonly clock: LifecycleClock;
  readonly spend?: SpendReader;
}): DescribeLifetimes {
  return async (clusterIds) => {
    const found = new Map<string, Text>();
    const now = deps.clock.now();
    for (const clusterId of clusterIds) {
      const record = await deps.records.get(clusterId);
      if (!record) continue;
      const usage = await deps.spend?.usage(clusterId, Date.now()).catch(() => undefined);
      found.set(
        clusterId,
        text('lifecycle.list.line', {
          ageMs: now - record.createdAt,
          leftMs: record.expiresAt - now,
          expiring: record.state === 'expiring',
          ...(usage?.spend !== undefined ? { spend: usage.spend, currency: usage.currency ?? 'CNY' } : {}),
        }),
      );
    }
    return found;
  };
}
