import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { COMMANDS_QUEUE } from '../../src/queue/queues.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { pollUntil } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { recordFigures } from './support/figures.js';

/**
 * A deploy restarts the worker again and again while a long create runs: each SIGTERM lets the
 * running step checkpoint and hands the job back; the next worker resumes it. The create ends
 * once, with one cluster, and no restart counts as a failed attempt or a stall.
 */
const RESTARTS = 4;
let emulator: Emulator;
let bot: ConsoleHarness;
let redis: Redis;
let queue: Queue;
const workers: WorkerProcess[] = [];

before(async () => {
  // Slow enough that the create spans every restart (~20 s).
  emulator = await startEmulator({ timeScale: 40 });
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot' });
  redis = testRedis();
  queue = new Queue(COMMANDS_QUEUE, { connection: redis, prefix: bot.prefix });
});
after(async () => {
  for (const worker of workers) await worker.kill();
  await queue.close();
  await redis.quit();
  await bot.stop();
  await emulator.close();
});

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, {
    GPUBOT_QUEUE_PREFIX: bot.prefix,
    GPUBOT_SECRET_KEY: 'test-sealing-key',
    // A long lock: only a clean hand-back (not a lapsed lock) lets the next worker go on at once.
    GPUBOT_JOB_LOCK_MS: '60000',
    GPUBOT_SHUTDOWN_GRACE_SECONDS: '20',
  });
  workers.push(started);
  return started;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

test(`${RESTARTS} graceful restarts of the worker during a long create`, { timeout: 150_000 }, async () => {
  let current = worker();
  const watch = sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=rolling');
  await watch.waitFor(/✔ Request the ACK cluster — Cluster c\w+ requested/, 40_000);
  const stops: number[] = [];
  for (let restart = 0; restart < RESTARTS; restart += 1) {
    if (/Your cluster rolling is ready/.test(watch.output())) break;
    const signalled = Date.now();
    await current.stop(25_000);
    stops.push(Date.now() - signalled);
    assert.equal(current.child.exitCode, 0, current.output().slice(-2000));
    current = worker();
    const starting = current;
    await pollUntil(
      () => /"msg":"starting gpubot"/.test(starting.output()),
      () => starting.output(),
      30_000,
      50,
    );
    await pause(1500);
  }
  await watch.waitFor(/\[private to alice\] ✅ Your cluster rolling is ready/, 60_000);
  await bot.bot.waitUntilIdle(100);

  const [job] = await queue.getJobs(['completed']);
  assert.ok(job, 'the create completed');
  // Completing counts as the one attempt; a failed attempt would have left its error here.
  assert.equal(job.attemptsMade, 1, 'one attempt, the one that completed');
  assert.deepEqual(job.stacktrace, [], 'no restart was a failed attempt');
  assert.equal(job.stalledCounter, 0, 'no restart left a stalled job');
  assert.equal(emulator.cloud.calls().CreateCluster, 1, 'one cluster');
  assert.equal(emulator.cloud.calls().CreateClusterNodePool, 1, 'one node pool');
  assert.equal(watch.output().match(/\[private to alice\] ✅ Your cluster rolling is ready/g)?.length, 1);
  assert.doesNotMatch(watch.output(), /❌/);
  assert.ok(stops.length >= 3, `restarted ${stops.length} times before it finished`);
  recordFigures({
    scenario: 'graceful restarts during a long create',
    requests: 1,
    faults: { 'worker SIGTERM': stops.length },
    outcomes: { succeeded: 1, clusters: 1, 'failed attempts': 0, stalls: 0, 'longest stop ms': Math.max(...stops) },
  });
});
