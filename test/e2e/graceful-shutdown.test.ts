import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { COMMANDS_QUEUE } from '../../src/queue/queues.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { testRedis } from '../support/test-redis.js';
import type { Redis } from 'ioredis';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

/**
 * SIGTERM (what Kubernetes sends before SIGKILL) to a worker process in the middle of a
 * provisioning: it takes no new work, lets a running look at the cloud finish and checkpoint, and
 * exits well within its grace period. A waiting job holds no worker (it is a delayed job in the
 * queue), so the job stays in the queue with its checkpoint; the next worker picks it up when it
 * is due (not after a lock expiry: the lock here is a minute long) and finishes it, once.
 */
let emulator: Emulator;
let bot: ConsoleHarness;
let queue: Queue;
let redis: Redis;
const workers: WorkerProcess[] = [];

before(async () => {
  emulator = await startEmulator({ timeScale: 150 });
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot' });
  redis = testRedis();
  queue = new Queue(COMMANDS_QUEUE, { connection: redis, prefix: bot.prefix });
});
after(async () => {
  for (const worker of workers) await worker.stop();
  await queue.close();
  await redis.quit();
  await bot.stop();
  await emulator.close();
});

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, {
    GPUBOT_QUEUE_PREFIX: bot.prefix,
    GPUBOT_SECRET_KEY: 'test-sealing-key',
    GPUBOT_JOB_LOCK_MS: '60000',
    GPUBOT_SHUTDOWN_GRACE_SECONDS: '20',
  });
  workers.push(started);
  return started;
}

test(
  'SIGTERM mid-provisioning: the step checkpoints, the job goes back to the queue, the next worker finishes it',
  { timeout: 90_000 },
  async () => {
    const first = worker();
    const watch = sendAndWatch(bot, '/gpu-cluster create 2 gn5 name=sigterm');
    const [, clusterId] = await watch.waitFor(/✔ Request the ACK cluster — Cluster (c\w+) requested/, 30_000);
    assert.notEqual(emulator.cloud.clusters().find((c) => c.name === 'sigterm')?.state, 'running', 'stopped mid-creation');

    const signalled = Date.now();
    first.child.kill('SIGTERM');
    const code = await new Promise<number | null>((done) => first.child.once('exit', (exitCode) => done(exitCode)));
    assert.equal(code, 0, first.output());
    assert.ok(Date.now() - signalled < 15_000, `took ${Date.now() - signalled} ms to stop`);
    assert.match(first.output(), /"msg":"stopping: taking no new work, letting running steps checkpoint"/);
    assert.match(first.output(), /"msg":"stopped"/);

    const [job] = await queue.getJobs(['waiting', 'delayed', 'active', 'failed', 'completed']);
    assert.ok(job, 'the job is still in the queue');
    assert.ok(['waiting', 'delayed'].includes(await job.getState()), `handed back, not ${await job.getState()}`);
    assert.equal((job.data as { checkpoint?: { clusterId?: string } }).checkpoint?.clusterId, clusterId, 'checkpoint kept');
    assert.equal(job.attemptsMade, 0, 'a shutdown is not a failed attempt');

    const createsBefore = emulator.cloud.calls().CreateCluster ?? 0;
    const second = worker();
    await bot.waitFor(/\[private to alice\] ✅ Your cluster sigterm is ready/, 40_000);
    await bot.bot.waitUntilIdle(100);
    assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'sigterm').length, 1, 'one cluster');
    assert.equal((emulator.cloud.calls().CreateCluster ?? 0) - createsBefore, 0, 'no second CreateCluster');
    assert.match(second.output(), /request done/);
    const ready = bot.output().match(/\[private to alice\] ✅ Your cluster sigterm is ready/g) ?? [];
    assert.equal(ready.length, 1, 'one private message');
  },
);
