import type { RedisClient } from '../../src/queue/redis-connection.js';
import { createClusterRecords, type ClusterRecord } from '../../src/lifecycle/cluster-records.js';
import { scaledClock, type LifecycleClock } from '../../src/lifecycle/lifecycle-clock.js';
import type { AuditEntry } from '../../src/audit/audit-event.js';
import { auditStreamKey } from '../../src/audit/audit-log.js';

/** The deployment's lifecycle clock as the test sees it: the shared anchor from Redis, the same scale. */
export async function readClock(redis: RedisClient, prefix: string, scale: number): Promise<LifecycleClock> {
  if (scale === 1) return scaledClock(1, 0);
  const anchor = Number(await redis.get(`${prefix}:lifecycle:clock-anchor`));
  if (!Number.isFinite(anchor) || anchor === 0) throw new Error('no lifecycle clock anchor yet');
  return scaledClock(scale, anchor);
}

export async function recordNamed(redis: RedisClient, prefix: string, name: string): Promise<ClusterRecord | undefined> {
  return (await createClusterRecords(redis, prefix).all()).find((record) => record.name === name);
}

/** Every audit entry, oldest first, as plain objects. */
export async function auditEntries(redis: RedisClient, prefix: string): Promise<Record<string, string>[]> {
  const entries = await redis.xrange(auditStreamKey(prefix), '-', '+');
  return entries.map(([, flat]) => {
    const entry: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) entry[flat[i] as string] = flat[i + 1] as string;
    return entry;
  });
}

export type { AuditEntry };
