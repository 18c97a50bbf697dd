import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CoreHandlers } from '../../src/chat/port.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { NO_ROLES } from '../../src/governance/roles.js';
import { translate } from '../../src/i18n/translate.js';
import { createCommandsQueue } from '../../src/queue/queues.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { buildCoreHandlers } from '../support/core-handlers.js';
import { pollUntil } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

/**
 * A request that needs an approver: the worker process that picks it up once approved is killed
 * (SIGKILL) before it creates anything; the next worker creates the cluster exactly once and the
 * requester hears of the approval once. The bot role runs here (console chat), the workers are
 * child processes, the approver answers through a second bot front end on the same Redis.
 */
const SPEND = { GPUBOT_CONFIRM_ABOVE: '1', GPUBOT_APPROVE_ABOVE: '1', GPUBOT_APPROVERS: 'console:boss' };
let emulator: Emulator;
let bot: ConsoleHarness;
let redis: Redis;
let commands: Queue;
let approver: CoreHandlers;
const workers: WorkerProcess[] = [];

before(async () => {
  emulator = await startEmulator({ timeScale: 150 });
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot', ...SPEND });
  redis = testRedis();
  commands = createCommandsQueue(bot.bot.settings);
  approver = buildCoreHandlers(redis, bot.prefix, commands, { roles: { ...NO_ROLES, approvers: ['console:boss'] } }).handlers;
});
after(async () => {
  for (const worker of workers) await worker.stop();
  await commands.close();
  await redis.quit();
  await bot.stop();
  await emulator.close();
});

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, { GPUBOT_QUEUE_PREFIX: bot.prefix, GPUBOT_SECRET_KEY: 'test-sealing-key', ...SPEND });
  workers.push(started);
  return started;
}

const count = (pattern: RegExp) => bot.output().match(new RegExp(pattern, 'g'))?.length ?? 0;

test(
  'a worker killed between the approval and the create: the next worker creates it exactly once',
  { timeout: 90_000 },
  async () => {
    const creates = () => emulator.cloud.calls().CreateCluster ?? 0;
    const quotaCalls = () => emulator.cloud.calls().DescribeUserQuota ?? 0;
    const first = worker();
    const watch = sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=approved');
    const [, code] = await watch.waitFor(/`\/gpu-cluster confirm ([a-z0-9]{8})`/);
    bot.send(`/gpu-cluster confirm ${code}`);
    await watch.waitFor(/Confirmed\. I asked boss to approve it/);
    // The worker's gate sent the approval request to the approver.
    await watch.waitFor(new RegExp(`\\[private to boss\\] ⚠ Approval needed[^]*\\[Approve\\] /gpu-cluster approve ${code}`));
    assert.equal(creates(), 0);

    // Throttling keeps the worker in pre-flight long enough to kill it after the approval, before any create.
    emulator.cloud.faults.inject({ api: 'DescribeUserQuota', fault: 'throttle', times: 3 });
    const quotaBefore = quotaCalls();
    const answer = await approver.action({
      deliveryId: 'boss-press-1',
      actionId: 'approve',
      value: code as string,
      requester: { platform: 'console', userId: 'boss', displayName: 'boss', locale: 'en' },
      conversation: { platform: 'console', channelId: '#console' },
    });
    assert.match(
      answer ? translate('en', answer.message.lines[0] ?? { key: 'verbatim' }) : '',
      /^Approved: alice's 1 × ecs\.gn5/,
    );
    await pollUntil(
      () => quotaCalls() > quotaBefore,
      () => 'the approved job never reached pre-flight',
      30_000,
      1,
    );
    await first.kill();
    assert.equal(creates(), 0, 'killed before anything was created');

    const second = worker();
    await bot.waitFor(/\[private to alice\] ✅ Your cluster approved is ready/, 60_000);
    await bot.bot.waitUntilIdle(100);
    assert.equal(creates(), 1, 'CreateCluster accepted once');
    assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'approved').length, 1);
    assert.equal(count(/\[private to alice\] ✅ boss approved your request/), 1, 'the approval is told once');
    await second.stop();
  },
);
