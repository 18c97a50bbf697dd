import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { emulatorEnv } from '../support/emulated-cloud.js';
import { pollUntil } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { auditEntries, recordNamed } from './helpers.js';

/**
 * Expiry with real worker processes against one emulator, on wall time (the workers speak to the
 * emulator as to Alibaba Cloud, so lifecycle time is not compressed; lifetimes are seconds):
 * two workers race for every expiry and it happens once; the only worker is killed before an
 * expiry and the next one to start does it, late, once.
 */
let emulator: Emulator;
let bot: ConsoleHarness;
const redis = testRedis();
const workers: WorkerProcess[] = [];

before(async () => {
  emulator = await startEmulator({ timeScale: 150 });
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot', ...emulatorEnv(emulator) });
});
after(async () => {
  for (const worker of workers) await worker.stop();
  await bot.stop();
  await emulator.close();
  await redis.quit();
});

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, {
    GPUBOT_QUEUE_PREFIX: bot.prefix,
    GPUBOT_SECRET_KEY: 'test-sealing-key',
    GPUBOT_CLUSTER_WARN_BEFORE: '8s',
    GPUBOT_CLUSTER_MAX_TTL: '1d',
  });
  workers.push(started);
  return started;
}

const count = (pattern: RegExp) => bot.output().match(new RegExp(pattern, 'g'))?.length ?? 0;
const deletes = (clusterId: string) =>
  emulator.cloud.journal().filter((entry) => entry.action === 'DeleteCluster' && entry.path.includes(clusterId)).length;

async function assertExpiredOnce(name: string, clusterId: string, doers: readonly WorkerProcess[]): Promise<void> {
  await bot.waitFor(new RegExp(`\\[private to alice\\] .*Your cluster ${name} \\(${clusterId}\\) reached the end`), 60_000);
  await bot.bot.waitUntilIdle(100);
  assert.equal(
    emulator.cloud.clusters().find((c) => c.clusterId === clusterId),
    undefined,
    'the cluster is gone',
  );
  assert.equal(deletes(clusterId), 1, 'DeleteCluster called once');
  assert.equal(count(new RegExp(`\\[#console\\] .*Cluster ${name} \\(${clusterId}\\) was deleted: its time to live ran out`)), 1);
  assert.equal(count(new RegExp(`Your cluster ${name} \\(${clusterId}\\) reached the end of its time to live`)), 1);
  const expired = doers.map(
    (w) => w.output().match(new RegExp(`"clusterId":"${clusterId}"[^\\n]*cluster expired: deleting it`, 'g'))?.length ?? 0,
  );
  assert.equal(
    expired.reduce((a, b) => a + b, 0),
    1,
    `expired once across the workers: ${expired.join(', ')}`,
  );
  const audit = (await auditEntries(redis, bot.prefix)).filter((e) => e.target === name);
  assert.equal(audit.filter((e) => e.action === 'lifecycle.expired').length, 1);
  assert.equal(audit.filter((e) => e.action === 'cloud.delete' && e.actor === 'gpubot').length, 1);
  assert.equal(await recordNamed(redis, bot.prefix, name), undefined, 'nothing kept about it');
}

test('two workers: the warning and the expiry each happen once', { timeout: 120_000 }, async () => {
  const pair = [worker(), worker()];
  const watch = sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=race ttl=25s');
  const [, clusterId = ''] = await watch.waitFor(/✔ Request the ACK cluster — Cluster (c\w+) requested/, 30_000);
  await watch.waitFor(/\[private to alice\] ✅ Your cluster race is ready/, 40_000);
  const record = await recordNamed(redis, bot.prefix, 'race');
  assert.equal(record?.ttlMs, 25_000);
  await watch.waitFor(/\[private to alice\] ⚠ Cluster race expires in/, 40_000);
  assert.ok(Date.now() >= (record?.expiresAt ?? 0) - 8000, 'warned at the warning time, not before');
  await assertExpiredOnce('race', clusterId, pair);
  assert.equal(count(/⚠ Cluster race expires in/), 1, 'one warning');
  for (const w of pair) await w.stop();
});

test(
  'the only worker is killed before the expiry: the next one deletes the cluster when it starts, once',
  { timeout: 120_000 },
  async () => {
    const first = worker();
    const watch = sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=orphan ttl=20s');
    const [, clusterId = ''] = await watch.waitFor(/✔ Request the ACK cluster — Cluster (c\w+) requested/, 30_000);
    await watch.waitFor(/\[private to alice\] ✅ Your cluster orphan is ready/, 40_000);
    const record = await recordNamed(redis, bot.prefix, 'orphan');
    assert.ok(record && Date.now() < record.expiresAt, 'killed before the expiry');
    await first.kill();
    await pollUntil(
      () => Date.now() > (record?.expiresAt ?? 0) + 3000,
      () => 'waiting past the expiry',
      40_000,
      200,
    );
    assert.equal(emulator.cloud.clusters().find((c) => c.clusterId === clusterId)?.state, 'running', 'nothing ran meanwhile');
    assert.equal(deletes(clusterId), 0);
    const second = worker();
    await assertExpiredOnce('orphan', clusterId, [first, second]);
    // Its warning came due while no worker ran, after the expiry: the expiry is what happened.
    assert.equal(count(/⚠ Cluster orphan expires in/), 0);
  },
);
