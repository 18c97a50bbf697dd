import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { startRedisSentinel, type RedisSentinelFixture } from '../support/redis-sentinel.js';
import { keysWithPrefix } from '../support/test-redis.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

/**
 * gpubot configured with a Sentinel finds the master through it: the bot role here and a worker
 * role in its own process (configured only by environment variables), both with passwords for the
 * Sentinel and for the master, which never appear in what the process logs.
 */
let sentinel: RedisSentinelFixture;
let emulator: Emulator;
let bot: ConsoleHarness;
let worker: WorkerProcess;

before(async () => {
  sentinel = await startRedisSentinel();
  emulator = await startEmulator({ timeScale: 3000 });
  const env = {
    GPUBOT_REDIS_SENTINELS: sentinel.sentinel,
    GPUBOT_REDIS_SENTINEL_NAME: sentinel.masterName,
    GPUBOT_REDIS_SENTINEL_PASSWORD: sentinel.sentinelPassword,
    GPUBOT_REDIS_PASSWORD: sentinel.password,
  };
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot', ...env });
  worker = spawnWorker(emulator, { ...env, GPUBOT_QUEUE_PREFIX: bot.prefix, GPUBOT_SECRET_KEY: 'test-sealing-key' });
});
after(async () => {
  await worker?.stop();
  await bot?.stop();
  await emulator?.close();
  await sentinel?.stop();
});

test('a bot and a worker process configured with a Sentinel serve a create', { timeout: 60_000 }, async () => {
  bot.send('/gpu-cluster create 1 gn5 name=sen');
  await bot.waitFor(/\[private to alice\] ✅ Your cluster sen is ready/, 40_000);
  assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'sen').length, 1);

  const master = sentinel.master();
  const keys = await keysWithPrefix(master, bot.prefix);
  assert.ok(
    keys.some((key) => key.includes(':commands:')),
    'the queue lives on the master the Sentinel named',
  );

  const logs = worker.output();
  assert.match(logs, /request done/, 'the worker process ran the job');
  for (const secret of [sentinel.password, sentinel.sentinelPassword]) {
    assert.ok(!logs.includes(secret), 'a Redis password was logged by the worker');
    assert.ok(!bot.logs().includes(secret), 'a Redis password was logged by the bot');
  }
});
