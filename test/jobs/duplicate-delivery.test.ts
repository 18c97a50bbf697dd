import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CoreHandlers, IncomingCommand } from '../../src/chat/port.js';
import { createCommandsQueue } from '../../src/queue/queues.js';
import { requestIdFor } from '../../src/queue/request.js';
import { buildCoreHandlers } from '../support/core-handlers.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { settle } from '../support/console-wait.js';
import { testRedis } from '../support/test-redis.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import type { Emulator } from '../../src/emulator/index.js';

/**
 * A chat platform may deliver the same command more than once (Slack retries, a DingTalk stream
 * reconnect). A second bot front end on the harness's Redis plays the platform: it hands the core
 * the same delivery id several times while the harness's worker and console outbox do the rest.
 */
let harness: ConsoleHarness;
let redis: Redis;
let commands: Queue;
let handlers: CoreHandlers;
before(async () => {
  harness = await startConsoleHarness();
  redis = testRedis();
  commands = createCommandsQueue(harness.bot.settings);
  const cloud = emulatedCloud(harness.bot.emulator as Emulator);
  handlers = buildCoreHandlers(redis, harness.prefix, commands, {
    prices: (region, type) => cloud.instancePrice(region, type),
  }).handlers;
});
after(async () => {
  await commands.close();
  await redis.quit();
  await harness.stop();
});

const delivery = (deliveryId: string, name: string): IncomingCommand => ({
  deliveryId,
  text: `/gpu-cluster create 1 gn5 name=${name}`,
  requester: { platform: 'console', userId: 'alice', displayName: 'alice', locale: 'en' },
  conversation: { platform: 'console', channelId: '#console' },
});

const count = (pattern: RegExp) => harness.output().match(new RegExp(pattern, 'g'))?.length ?? 0;

test('the same delivery, sequential and concurrent, runs once: one cluster, one channel post, one private message', async () => {
  const first = await handlers.command(delivery('dup-1', 'once'));
  assert.ok(first && !first.rejected);
  assert.equal(await handlers.command(delivery('dup-1', 'once')), null, 'a redelivery is not answered twice');
  // Two copies racing past the delivery mark collapse on the job id.
  await Promise.all([handlers.command(delivery('dup-2', 'race')), handlers.command(delivery('dup-2', 'race'))]);
  await harness.waitFor(/\[private to alice\] ✅ Your cluster once is ready/);
  await harness.waitFor(/\[private to alice\] ✅ Your cluster race is ready/);
  await settle(harness);
  const clusters = harness.bot.emulator?.cloud.clusters() ?? [];
  assert.equal(clusters.filter((c) => c.name === 'once').length, 1);
  assert.equal(clusters.filter((c) => c.name === 'race').length, 1);
  assert.equal(harness.bot.emulator?.cloud.calls().CreateCluster, 2);
  for (const name of ['once', 'race']) {
    assert.equal(count(new RegExp(`\\[#console\\] .*GPU cluster ${name} for alice is ready`)), 1);
    assert.equal(count(new RegExp(`\\[private to alice\\] ✅ Your cluster ${name} is ready`)), 1);
  }
});

test('a redelivery after the job finished (delivery mark lost) does not run it again', async () => {
  await redis.del(`${harness.prefix}:delivery:${requestIdFor('console', 'dup-1')}`);
  await handlers.command(delivery('dup-1', 'once'));
  await settle(harness);
  assert.equal(harness.bot.emulator?.cloud.calls().CreateCluster, 2);
  assert.equal(count(/\[private to alice\] ✅ Your cluster once is ready/g), 1);
  assert.equal(count(/\[#console\] .*GPU cluster once for alice is ready/g), 1);
});
