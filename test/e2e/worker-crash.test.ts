import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { pollUntil } from '../support/poll-until.js';

/**
 * A worker process dies mid-job (SIGKILL: no clean-up, its job lock simply expires) and a second
 * worker process takes the job over. The emulator runs here on a slow clock (creation takes a few
 * seconds), the bot role runs here with the console chat, the workers are real child processes.
 */
let emulator: Emulator;
let bot: ConsoleHarness;
const workers: WorkerProcess[] = [];

before(async () => {
  emulator = await startEmulator({ timeScale: 150 });
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot' });
});
after(async () => {
  for (const worker of workers) await worker.stop();
  await bot.stop();
  await emulator.close();
});

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, { GPUBOT_QUEUE_PREFIX: bot.prefix, GPUBOT_SECRET_KEY: 'test-sealing-key' });
  workers.push(started);
  return started;
}

const until = (check: () => boolean, what: string, timeoutMs = 20_000, pollMs = 1) =>
  pollUntil(check, () => `timed out waiting until ${what}`, timeoutMs, pollMs);

const count = (pattern: RegExp) => bot.output().match(new RegExp(pattern, 'g'))?.length ?? 0;
const creates = () => emulator.cloud.calls().CreateCluster ?? 0;

/** The second worker finishes the job: one cluster, one channel post, one private message. */
async function assertFinishedOnce(name: string, rescuer: WorkerProcess, createsBefore: number): Promise<void> {
  await bot.waitFor(new RegExp(`\\[private to alice\\] ✅ Your cluster ${name} is ready`), 40_000);
  await bot.bot.waitUntilIdle(100);
  const clusters = emulator.cloud.clusters().filter((c) => c.name === name);
  assert.equal(clusters.length, 1, 'exactly one cluster for the request');
  assert.equal(clusters[0]?.state, 'running');
  assert.equal(creates() - createsBefore, 1, 'CreateCluster accepted once');
  assert.deepEqual(
    clusters[0]?.nodepools.map((p) => [p.name, p.state]),
    [['gpubot-gpu', 'active']],
    'exactly one GPU node pool',
  );
  assert.equal(count(new RegExp(`\\[#console\\] .*GPU cluster ${name} for alice is ready`)), 1, 'one channel post');
  assert.equal(count(new RegExp(`\\[private to alice\\] ✅ Your cluster ${name} is ready`)), 1, 'one private message');
  assert.match(rescuer.output(), /request done/, 'the second worker finished it');
}

test(
  'a worker killed while the cluster is being created: the next worker adopts it and finishes',
  { timeout: 60_000 },
  async () => {
    const createsBefore = creates();
    const first = worker();
    const watch = sendAndWatch(bot, '/gpu-cluster create 2 gn5 name=crash-wait');
    await watch.waitFor(/✔ Request the ACK cluster — Cluster (c\w+) requested/, 30_000);
    assert.notEqual(emulator.cloud.clusters().find((c) => c.name === 'crash-wait')?.state, 'running', 'killed mid-creation');
    await first.kill();
    const second = worker();
    await assertFinishedOnce('crash-wait', second, createsBefore);
    await second.stop();
  },
);

test(
  'a worker killed the instant ACK accepted CreateCluster (answer maybe lost): no second cluster',
  { timeout: 60_000 },
  async () => {
    const createsBefore = creates();
    const first = worker();
    sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=crash-create');
    await until(() => emulator.cloud.clusters().some((c) => c.name === 'crash-create'), 'ACK accepted the create');
    await first.kill();
    const second = worker();
    await assertFinishedOnce('crash-create', second, createsBefore);
    await second.stop();
  },
);

test('a worker killed during pre-flight: the next worker runs it from the start, once', { timeout: 60_000 }, async () => {
  const createsBefore = creates();
  const quotaCalls = () => emulator.cloud.calls().DescribeUserQuota ?? 0;
  const quotaBefore = quotaCalls();
  // Throttling keeps the first worker inside pre-flight (backing off) long enough to kill it there.
  emulator.cloud.faults.inject({ api: 'DescribeUserQuota', fault: 'throttle', times: 2 });
  const first = worker();
  sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=crash-preflight');
  await until(() => quotaCalls() > quotaBefore, 'pre-flight started');
  await first.kill();
  assert.equal(creates() - createsBefore, 0, 'killed before anything was created');
  const second = worker();
  await assertFinishedOnce('crash-preflight', second, createsBefore);
  await second.stop();
});

test(
  'a worker killed the instant ACK accepted CreateClusterNodePool: the pool is found by name, no second pool',
  { timeout: 60_000 },
  async () => {
    const createsBefore = creates();
    const pools = () => emulator.cloud.calls().CreateClusterNodePool ?? 0;
    const poolsBefore = pools();
    const first = worker();
    sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=crash-pool');
    await until(
      () => (emulator.cloud.clusters().find((c) => c.name === 'crash-pool')?.nodepools.length ?? 0) > 0,
      'ACK accepted the node pool',
      40_000,
    );
    await first.kill();
    const second = worker();
    await assertFinishedOnce('crash-pool', second, createsBefore);
    assert.equal(pools() - poolsBefore, 1, 'CreateClusterNodePool accepted once');
    await second.stop();
  },
);
