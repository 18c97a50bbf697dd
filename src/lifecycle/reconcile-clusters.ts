import { SYSTEM_ACTOR } from '../audit/audit-event.js';
import { directConversation } from '../chat/port.js';
import type { ClusterSummary } from '../cloud/port.js';
import { parseDuration } from '../commands/parse-duration.js';
import { isLive, isManaged, tagValue, TAG_EXPIRES_AT, TAG_OWNER, TAG_REQUEST, TAG_TTL } from '../jobs/cluster-tags.js';
import type { ClusterLifecycleDeps } from './cluster-lifecycle-deps.js';
import type { ClusterRecord } from './cluster-records.js';
import { personOf } from './people.js';
import { releaseCluster } from './release-cluster.js';

const CREATING = new Set(['active', 'waiting', 'delayed', 'prioritized', 'waiting-children']);

/** A record younger than this (real time) may not be in ACK's listing yet: it is not judged gone. */
const LISTING_GRACE_POLLS = 6;

/**
 * Brings the records in line with ACK, region by region: a gpubot cluster without a record (Redis
 * was restored from an old backup, or the cluster predates expiries) gets one from its tags, with
 * at least the warning time left so its owner hears before anything happens; a record whose
 * cluster is gone is dropped; every live record's expiry is made sure to be pending. Clusters
 * without gpubot's tags are never looked at.
 */
export async function reconcileClusters(deps: ClusterLifecycleDeps): Promise<void> {
  const records = new Map((await deps.records.all()).map((record) => [record.clusterId, record]));
  const now = deps.clock.now();
  for (const regionId of deps.settings.regions) {
    let listed: ClusterSummary[];
    try {
      listed = (await deps.cloud.listClusters(regionId)).filter(isLive);
    } catch (error) {
      deps.log.warn({ regionId, err: error instanceof Error ? error.message : String(error) }, 'reconcile: listing failed');
      continue;
    }
    const clusters = listed.filter(isManaged);
    for (const cluster of clusters) {
      if (!records.has(cluster.clusterId)) await adopt(cluster, now, deps);
    }
    const managed = new Set(clusters.map((cluster) => cluster.clusterId));
    const unmanaged = new Set(listed.filter((cluster) => !isManaged(cluster)).map((cluster) => cluster.clusterId));
    for (const record of records.values()) {
      if (record.regionId !== regionId || managed.has(record.clusterId)) continue;
      if (unmanaged.has(record.clusterId)) {
        await releaseCluster(record, deps);
        records.delete(record.clusterId);
        continue;
      }
      if (deps.clock.realMs(now - record.createdAt) < deps.settings.pollIntervalMs * LISTING_GRACE_POLLS) continue;
      await deps.schedule.cancel(record.clusterId);
      await deps.records.forget(record.clusterId);
      records.delete(record.clusterId);
      deps.log.info({ clusterId: record.clusterId }, 'reconcile: cluster is gone, its record dropped');
    }
  }
  for (const record of records.values()) {
    if (record.state === 'active') await deps.schedule.ensure(record);
  }
}

function parseTime(value: string | undefined): number | undefined {
  const at = value ? Date.parse(value) : NaN;
  return Number.isFinite(at) ? at : undefined;
}

async function adopt(cluster: ClusterSummary, now: number, deps: ClusterLifecycleDeps): Promise<void> {
  const requestId = tagValue(cluster, TAG_REQUEST) ?? '';
  // A create in flight tracks its own cluster the moment its checkpoint has the id.
  if (requestId && CREATING.has(await deps.commands.getJobState(requestId))) return;
  const owner = tagValue(cluster, TAG_OWNER) ?? '';
  const person = personOf(owner);
  if (!person) {
    deps.log.warn({ clusterId: cluster.clusterId, owner }, 'reconcile: gpubot cluster without a usable owner tag; not adopted');
    return;
  }
  const createdAt = Math.min(now, parseTime(cluster.created) ?? now);
  const ttlMs = parseDuration(tagValue(cluster, TAG_TTL) ?? '') ?? deps.settings.clusterTtlMs;
  const tagged = parseTime(tagValue(cluster, TAG_EXPIRES_AT));
  // The owner always hears before the cluster goes, however late gpubot learns of it.
  const expiresAt = Math.max(tagged ?? createdAt + ttlMs, now + deps.settings.warnBeforeMs);
  const record: Omit<ClusterRecord, 'state' | 'extensions'> = {
    clusterId: cluster.clusterId,
    regionId: cluster.regionId,
    name: cluster.name,
    owner,
    requester: person,
    conversation: directConversation(person),
    requestId,
    createdAt,
    ttlMs,
    expiresAt,
  };
  const { record: stored, created } = await deps.records.track(record);
  await deps.schedule.schedule(stored);
  if (!created) return;
  await deps.schedule.syncTags(stored.clusterId, stored.expiresAt);
  await deps.audit.record(
    {
      action: 'lifecycle.adopted',
      actor: SYSTEM_ACTOR,
      platform: person.platform,
      target: cluster.name,
      summary: `${cluster.clusterId} expires ${new Date(stored.expiresAt).toISOString()}`,
    },
    { once: `lifecycle-adopted-${cluster.clusterId}` },
  );
  deps.log.info({ clusterId: cluster.clusterId, expiresAt: stored.expiresAt }, 'reconcile: gpubot cluster adopted');
}
