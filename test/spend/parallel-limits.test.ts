import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CoreHandlers, ImmediateReply, IncomingCommand } from '../../src/chat/port.js';
import type { Emulator } from '../../src/emulator/index.js';
import { translate } from '../../src/i18n/translate.js';
import { createCommandsQueue } from '../../src/queue/queues.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { settle } from '../support/console-wait.js';
import { buildCoreHandlers } from '../support/core-handlers.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { testRedis } from '../support/test-redis.js';

/**
 * One person fires 500 creates at once with a limit of 2 clusters: the limit is held atomically
 * in Redis before any price lookup or cloud call, so exactly 2 are created and 498 are refused
 * in plain words, with no CreateCluster and no DescribePrice beyond the 2. The bot front end is
 * the real core (buildCoreHandlers) on the harness's Redis; the harness's worker runs the jobs
 * against the emulator through the real SDK.
 */
let harness: ConsoleHarness;
let redis: Redis;
let commands: Queue;
let handlers: CoreHandlers;
let emulator: Emulator;
before(async () => {
  harness = await startConsoleHarness();
  emulator = harness.bot.emulator as Emulator;
  redis = testRedis();
  commands = createCommandsQueue(harness.bot.settings);
  const cloud = emulatedCloud(emulator);
  handlers = buildCoreHandlers(redis, harness.prefix, commands, {
    prices: (region, type) => cloud.instancePrice(region, type),
    limits: { userClusters: 2 },
  }).handlers;
});
after(async () => {
  await commands.close();
  await redis.quit();
  await harness.stop();
});

const create = (i: number): IncomingCommand => ({
  deliveryId: `flood-${i}`,
  text: `/gpu-cluster create 1 gn5 name=flood-${i}`,
  requester: { platform: 'console', userId: 'mallory', displayName: 'mallory', locale: 'en' },
  conversation: { platform: 'console', channelId: '#console' },
});

const say = (reply: ImmediateReply | null) => (reply ? reply.message.lines.map((line) => translate('en', line)).join(' ') : '');

test('500 parallel creates with a limit of 2: 2 clusters, 498 refusals, no extra CreateCluster or DescribePrice', async () => {
  const before = emulator.cloud.calls();
  const replies = await Promise.all(Array.from({ length: 500 }, (_, i) => handlers.command(create(i))));
  const accepted = replies.filter((reply) => reply && !reply.rejected);
  const refused = replies.filter((reply) => reply?.rejected);
  assert.equal(accepted.length, 2);
  assert.equal(refused.length, 498);
  for (const reply of refused) {
    assert.equal(reply?.privateOnly, true);
    assert.match(say(reply), /You already have 2 clusters \(running or being created\); your limit is 2\. Delete one/);
  }
  for (const reply of accepted) assert.match(say(reply), /Queued: GPU cluster flood-\d+ .*≈ ¥\d+\.\d\d\/hour \(workers ¥/);

  await harness.bot.waitUntilIdle(100);
  await settle(harness);
  const after = emulator.cloud.calls();
  assert.equal((after.CreateCluster ?? 0) - (before.CreateCluster ?? 0), 2);
  const prices = (after.DescribePrice ?? 0) - (before.DescribePrice ?? 0);
  assert.ok(prices >= 1 && prices <= 2, `DescribePrice was called ${prices} times`);
  assert.equal(emulator.cloud.clusters().filter((c) => c.name.startsWith('flood-')).length, 2);
});

test('deleting one of the two gives its room back: the next create is admitted', async () => {
  const mallory = create(0).requester;
  const conversation = create(0).conversation;
  const [first] = emulator.cloud.clusters().filter((c) => c.name.startsWith('flood-') && c.state === 'running');
  assert.ok(first);
  const refused = await handlers.command({ ...create(1000), deliveryId: 'flood-again-1' });
  assert.equal(refused?.rejected, true, 'still at the limit');
  const question = await handlers.command({
    deliveryId: 'flood-delete',
    text: `/gpu-cluster delete ${first.name}`,
    requester: mallory,
    conversation,
  });
  const code = /`\/gpu-cluster confirm ([a-z0-9]{8})`/.exec(say(question))?.[1] ?? '';
  await handlers.action({
    deliveryId: 'flood-delete-confirm',
    actionId: 'confirm',
    value: code,
    requester: mallory,
    conversation,
  });
  await harness.bot.waitUntilIdle(100);
  assert.ok(!emulator.cloud.clusters().some((c) => c.clusterId === first.clusterId && c.state === 'running'), 'deleted');
  const admitted = await handlers.command({ ...create(1001), deliveryId: 'flood-again-2' });
  assert.equal(admitted?.rejected, false, say(admitted));
  await harness.bot.waitUntilIdle(100);
});
