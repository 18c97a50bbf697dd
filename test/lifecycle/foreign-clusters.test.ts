import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { after, before, test } from 'node:test';
import { LIFECYCLE_QUEUE } from '../../src/lifecycle/lifecycle-jobs.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { pollUntil, pollUntilAsync } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';
import { auditEntries, readClock, recordNamed } from './helpers.js';

/**
 * Clusters without gpubot's tags are never touched: one made outside gpubot is not adopted, tagged
 * or deleted; one whose gpubot tags someone removed is let go at its expiry instead of deleted.
 */
const SCALE = 600;
const redis = testRedis();
let h: ConsoleHarness;
let lifecycle: Queue;

before(async () => {
  h = await startConsoleHarness({
    GPUBOT_EMULATOR_TIME_SCALE: String(SCALE),
    GPUBOT_CLUSTER_TTL: '1h',
    GPUBOT_CLUSTER_MAX_TTL: '1d',
    GPUBOT_CLUSTER_WARN_BEFORE: '10m',
  });
  lifecycle = new Queue(LIFECYCLE_QUEUE, { connection: redis, prefix: h.prefix });
});
after(async () => {
  await lifecycle.close();
  await h.stop();
  await redis.quit();
});

test('a cluster gpubot did not make, and one stripped of its tags, are left alone', { timeout: 90_000 }, async () => {
  const emulator = h.bot.emulator;
  assert.ok(emulator);
  const cloud = emulatedCloud(emulator);
  const foreign = await cloud.createCluster({
    name: 'someone-elses',
    regionId: 'cn-hangzhou',
    clusterSpec: 'ack.pro.small',
    network: { kind: 'new', zoneIds: ['cn-hangzhou-h'] },
    tags: [{ key: 'team', value: 'vision' }],
  });

  const watch = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=stripped');
  await watch.waitFor(/\[private to alice\] ✅ Your cluster stripped is ready/, 30_000);
  const record = await recordNamed(redis, h.prefix, 'stripped');
  assert.ok(record);
  const ref = { regionId: 'cn-hangzhou', clusterId: record.clusterId };
  await pollUntil(
    () =>
      emulator.cloud
        .clusters()
        .find((c) => c.name === 'stripped')
        ?.tags.some((t) => t.key === 'gpubot.io/expires-at') ?? false,
    () => 'expiry tag never written',
  );
  // Someone takes the cluster out of gpubot's hands.
  const kept = (await cloud.describeCluster(ref))?.tags.filter((t) => !t.key.startsWith('gpubot.io/')) ?? [];
  await cloud.setClusterTags(ref, [...kept, { key: 'team', value: 'nlp' }]);

  // Its expiry comes: it is let go, not deleted.
  const clock = await readClock(redis, h.prefix, SCALE);
  await pollUntil(
    () => clock.now() > record.expiresAt + 10 * 60_000,
    () => 'past the expiry',
    30_000,
    100,
  );
  await pollUntilAsync(
    async () => (await recordNamed(redis, h.prefix, 'stripped')) === undefined,
    () => 'record kept',
  );
  // Reconciling (on demand here; it also runs at start and every 10 minutes) adopts neither.
  const reconciled = await lifecycle.add('reconcile', { kind: 'reconcile' });
  await pollUntilAsync(
    async () => (await reconciled.getState()) === 'completed',
    () => 'reconcile did not finish',
  );
  assert.equal(await recordNamed(redis, h.prefix, 'someone-elses'), undefined);
  assert.equal(await recordNamed(redis, h.prefix, 'stripped'), undefined);
  await h.bot.waitUntilIdle(50);

  const alive = emulator.cloud.clusters().map((c) => c.clusterId);
  assert.ok(alive.includes(foreign.clusterId), 'the foreign cluster lives');
  assert.ok(alive.includes(record.clusterId), 'the stripped cluster lives');
  const journal = emulator.cloud.journal();
  assert.deepEqual(
    journal.filter((e) => e.path.includes(foreign.clusterId)).map((e) => e.action),
    [],
    'gpubot never called anything about the foreign cluster',
  );
  assert.deepEqual(
    journal
      .filter((e) => e.path.includes(record.clusterId) && ['DeleteCluster', 'ModifyClusterTags'].includes(e.action))
      .map((e) => e.action),
    // Only the test's (the one that stripped it): gpubot's expiry tags came with CreateCluster.
    ['ModifyClusterTags'],
    'the stripped cluster was never re-tagged by gpubot and never deleted',
  );
  const tags = emulator.cloud.clusters().find((c) => c.clusterId === record.clusterId)?.tags;
  assert.deepEqual(tags, [{ key: 'team', value: 'nlp' }], 'its tags are as its new owner left them');
  assert.doesNotMatch(h.output(), /Cluster stripped \(c\w+\) was deleted/);
  const released = (await auditEntries(redis, h.prefix)).filter((e) => e.action === 'lifecycle.released');
  assert.deepEqual(
    released.map((e) => [e.target, e.reason]),
    [['stripped', 'not_managed']],
  );
});
