import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendConfirmed } from '../support/console-wait.js';
import { startRedisCluster, type RedisClusterFixture } from '../support/redis-cluster.js';
import { keysWithPrefix } from '../support/test-redis.js';

/**
 * The whole bot on a real three-master Redis Cluster: BullMQ's queues, the outbox, progress,
 * confirmations and preferences all work there because every key carries the prefix's hash tag.
 */
let cluster: RedisClusterFixture;
let harness: ConsoleHarness;
before(async () => {
  cluster = await startRedisCluster();
  harness = await startConsoleHarness({ GPUBOT_REDIS_CLUSTER_NODES: cluster.nodes.join(',') });
});
after(async () => {
  await harness?.stop();
  await cluster?.stop();
});

test('create → notebook → delete runs through the Redis Cluster', { timeout: 90_000 }, async () => {
  harness.send('/gpu-cluster create 1 gn5 name=rc');
  await harness.waitFor(/\[private to alice\] ✅ Your cluster rc is ready/, 40_000);

  harness.send('/notebook start name=nb');
  await harness.waitFor(
    /\[#console\] ✅ alice's notebook nb is running on rc with 1 GPU: https:\/\/nlb-[0-9a-z]+\.cn-hangzhou\.nlb\.aliyuncsslb\.com/,
    40_000,
  );
  await harness.waitFor(/\[private to alice\] {3}Password: /);

  const watch = await sendConfirmed(harness, '/gpu-cluster delete rc');
  await watch.waitFor(/\[private to alice\] .*Your cluster rc \(c\w+\) and its cloud resources are deleted/, 40_000);
  assert.equal(harness.bot.emulator?.cloud.clusters().length, 0);
});

test('every key gpubot and BullMQ wrote is in one hash slot, on one master', async () => {
  await harness.bot.waitUntilIdle(50);
  const client = cluster.client();
  const keys = await keysWithPrefix(client, harness.prefix);
  // The queues, their jobs, the outbox and progress records: the flow above really stored them here.
  for (const part of [':commands:', ':outbox-console:', ':progress:']) {
    assert.ok(
      keys.some((key) => key.includes(part)),
      `expected keys with ${part} among ${keys.length}`,
    );
  }
  const slots = new Set<number>();
  for (const key of keys) slots.add(Number(await client.cluster('KEYSLOT', key)));
  assert.equal(slots.size, 1, `keys spread over slots ${[...slots].join(', ')}`);
  // The cluster is this test's own: every other master holds no key at all.
  const sizes = await Promise.all(client.nodes('master').map((master) => master.dbsize()));
  assert.equal(sizes.length, 3);
  // Counted apart from the listing above: a key written in between (a timer, a cache refresh) moves the count.
  assert.equal(sizes.filter((size) => size > 0).length, 1, `keys per master: ${sizes.join(', ')}`);
});
