import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { after, before, test } from 'node:test';
import type { ClusterLifetime } from '../../src/jobs/cluster-tags.js';
import type { Checkpoint } from '../../src/jobs/job-context.js';
import { createClusterRecords, type ClusterRecords } from '../../src/lifecycle/cluster-records.js';
import { scaledClock } from '../../src/lifecycle/lifecycle-clock.js';
import { createClusterSchedule, jobIds, LIFECYCLE_QUEUE } from '../../src/lifecycle/lifecycle-jobs.js';
import { trackClusters } from '../../src/lifecycle/track-clusters.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { DEFAULT_RETENTION } from '../../src/queue/retention.js';
import { captureLog } from '../support/capture-log.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

/**
 * A create fixes its cluster's lifetime before CreateCluster and sends it in the cluster's tags:
 * the lifecycle tracks exactly that lifetime and writes no tags after the create, unless the
 * record no longer says what the tags do (extended while the cluster was being made) or the
 * create carried no lifetime.
 */
const HOUR = 3_600_000;
const redis = testRedis();
const prefix = testPrefix();
const clock = scaledClock(1, 0);
let queue: Queue;
let records: ClusterRecords;
let tracker: ReturnType<typeof trackClusters>;

before(() => {
  queue = new Queue(LIFECYCLE_QUEUE, { connection: redis, prefix });
  records = createClusterRecords(redis, prefix);
  tracker = trackClusters({
    records,
    schedule: createClusterSchedule(queue, clock, 30 * 60_000, DEFAULT_RETENTION),
    clock,
    log: captureLog().log,
    settings: { clusterTtlMs: 8 * HOUR, maxClusterTtlMs: 24 * HOUR, warnBeforeMs: 30 * 60_000, regions: [], pollIntervalMs: 50 },
  });
});
after(async () => {
  await queue.close();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

function createRequest(requestId: string): ChatRequest {
  return {
    requestId,
    command: { kind: 'cluster.create', count: 1, instanceType: 'ecs.gn5-c4g1.xlarge', name: requestId, region: 'cn-hangzhou' },
    requester: { platform: 'console', userId: 'alice', locale: 'en' },
    conversation: { platform: 'console', channelId: 'console' },
    receivedAt: clock.now(),
  };
}

/** The create's checkpoint gains the cluster id, then the create succeeds. */
async function create(requestId: string, lifetime: ClusterLifetime | undefined, meanwhile?: () => Promise<void>) {
  const request = createRequest(requestId);
  const checkpoint: Checkpoint = { regionId: 'cn-hangzhou', clusterId: `c-${requestId}`, ...(lifetime ? { lifetime } : {}) };
  await tracker.checkpointSaved(request, {}, checkpoint);
  await meanwhile?.();
  await tracker.succeeded(request, checkpoint);
  const record = (await records.get(`c-${requestId}`)) ?? assert.fail('not tracked');
  const sync = await queue.getJob(jobIds.tags(record.clusterId, record.expiresAt));
  return { record, synced: sync !== undefined };
}

test('the lifetime the create tagged is the one tracked, and no tag sync follows', async () => {
  const lifetime = { createdAt: clock.now() - 1000, ttlMs: 2 * HOUR, expiresAt: clock.now() - 1000 + 2 * HOUR };
  const { record, synced } = await create('tagged', lifetime);
  assert.deepEqual([record.createdAt, record.ttlMs, record.expiresAt], [lifetime.createdAt, lifetime.ttlMs, lifetime.expiresAt]);
  assert.equal(synced, false);
});

test('extended while being created: the tags are brought up to date after the create', async () => {
  const lifetime = { createdAt: clock.now(), ttlMs: 2 * HOUR, expiresAt: clock.now() + 2 * HOUR };
  const { record, synced } = await create('extended', lifetime, async () => {
    const outcome = await records.extend('c-extended', HOUR, {
      maxTtlMs: 24 * HOUR,
      now: clock.now(),
      warnBeforeMs: 30 * 60_000,
    });
    assert.equal(outcome.kind, 'extended');
  });
  assert.equal(record.expiresAt, lifetime.expiresAt + HOUR);
  assert.equal(synced, true);
});

test('a create that carried no lifetime (an older gpubot) gets the default, synced after', async () => {
  const before = clock.now();
  const { record, synced } = await create('untagged', undefined);
  assert.equal(record.ttlMs, 8 * HOUR);
  assert.ok(record.createdAt >= before);
  assert.equal(synced, true);
});
