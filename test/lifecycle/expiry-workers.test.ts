import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { emulatorEnv } from '../support/emulated-cloud.js';
import { pollUntil } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';
import { lastRunner, spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { auditEntries, readClock, recordNamed } from './helpers.js';

/**
 * Expiry with real worker processes against one emulator, on the compressed lifecycle clock
 * (1200×: an hour is 3 real seconds; GPUBOT_LIFECYCLE_TIME_SCALE, since the processes reach the
 * emulator as Alibaba Cloud): two workers race for every expiry and each cluster is warned and
 * deleted once; the worker deleting an expired cluster is killed and the other finishes, once;
 * the only worker is killed before an expiry and the next one to start does it, late, once.
 */
const SCALE = 1200;
const MINUTE = 60_000;
const LIFECYCLE_ENV = {
  GPUBOT_LIFECYCLE_TIME_SCALE: String(SCALE),
  GPUBOT_CLUSTER_WARN_BEFORE: '30m',
  GPUBOT_CLUSTER_TTL: '12h',
  GPUBOT_CLUSTER_MAX_TTL: '1d',
};
let emulator: Emulator;
let bot: ConsoleHarness;
const redis = testRedis();
const workers: WorkerProcess[] = [];

before(async () => {
  emulator = await startEmulator({ timeScale: 600 });
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot', ...emulatorEnv(emulator), ...LIFECYCLE_ENV });
});
// A test that failed leaves no worker behind to run the next test's expiries.
afterEach(async () => {
  for (const worker of workers) await worker.kill();
});
after(async () => {
  await bot?.stop();
  await emulator?.close();
  await redis.quit();
});

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, {
    GPUBOT_QUEUE_PREFIX: bot.prefix,
    GPUBOT_SECRET_KEY: 'test-sealing-key',
    ...LIFECYCLE_ENV,
  });
  workers.push(started);
  return started;
}

const count = (pattern: RegExp) => bot.output().match(new RegExp(pattern, 'g'))?.length ?? 0;
const deletes = (clusterId: string) =>
  emulator.cloud.journal().filter((entry) => entry.action === 'DeleteCluster' && entry.path.includes(clusterId)).length;

/** Asks for a cluster; returns its id once ACK accepted it (its expiry counts from then). */
async function requested(name: string, ttl: string): Promise<string> {
  const watch = sendAndWatch(bot, `/gpu-cluster create 1 gn5 name=${name} ttl=${ttl}`);
  // In the progress message's first post (its checklist lines follow) or in an edit (one line).
  const accepted = new RegExp(
    `GPU cluster ${name}: [^\\n]*(?:\\n\\[#console\\] {3}[^\\n]*)*?✔ Request the ACK cluster — Cluster (c\\w+) requested`,
  );
  const [, clusterId = ''] = await watch.waitFor(accepted, 30_000);
  return clusterId;
}

const ready = (name: string) => bot.waitFor(new RegExp(`\\[private to alice\\] ✅ Your cluster ${name} is ready`), 40_000);

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

test('two workers: each cluster is warned once and deleted once', { timeout: 90_000 }, async () => {
  const pair = [worker(), worker()];
  const clock = await readClock(redis, bot.prefix, SCALE);
  // Two clusters at once: both workers have expiries to race for. An expiry due while its create
  // still runs waits for the create to finish.
  const names = ['race-a', 'race-b'];
  const ids = await Promise.all(names.map((name) => requested(name, '1h')));
  const records = await Promise.all(names.map((name) => recordNamed(redis, bot.prefix, name)));
  for (const [i, name] of names.entries()) {
    const record = records[i];
    assert.equal(record?.ttlMs, 60 * MINUTE);
    await bot.waitFor(new RegExp(`\\[private to alice\\] ⚠ Cluster ${name} expires in`), 30_000);
    assert.ok(clock.now() >= (record?.expiresAt ?? 0) - 30 * MINUTE, 'warned at the warning time, not before');
    await assertExpiredOnce(name, ids[i] ?? '', pair);
    assert.ok(clock.now() >= (record?.expiresAt ?? 0), 'deleted at the expiry, not before');
    assert.equal(count(new RegExp(`⚠ Cluster ${name} expires in`)), 1, 'one warning');
  }
  for (const w of pair) await w.stop();
});

test('the worker deleting an expired cluster is killed: the other one finishes, once', { timeout: 90_000 }, async () => {
  const pair = [worker(), worker()];
  const clusterId = await requested('doomed', '1h');
  // The instant ACK accepted the expiry's DeleteCluster, the worker that called it dies (its answer is lost).
  await pollUntil(
    () => deletes(clusterId) > 0,
    () => 'no DeleteCluster',
    40_000,
    1,
  );
  const doer = lastRunner(pair, (line) => line.includes(`"requestId":"expire-${clusterId}"`));
  assert.ok(doer, 'a worker ran the expiry');
  await doer.kill();
  const survivor = pair.find((w) => w !== doer);
  await assertExpiredOnce('doomed', clusterId, pair);
  assert.match(survivor?.output() ?? '', new RegExp(`"requestId":"expire-${clusterId}"[^\\n]*"request done"`));
  await survivor?.stop();
});

test(
  'the only worker is killed before the expiry: the next one deletes the cluster when it starts, once',
  { timeout: 90_000 },
  async () => {
    const first = worker();
    // Long enough for the create to finish first (4h is 12 real seconds), even on a loaded machine.
    const clusterId = await requested('orphan', '4h');
    await ready('orphan');
    const record = await recordNamed(redis, bot.prefix, 'orphan');
    const clock = await readClock(redis, bot.prefix, SCALE);
    assert.ok(record && clock.now() < record.expiresAt - 30 * MINUTE, 'killed before the warning and the expiry');
    await first.kill();
    await pollUntil(
      () => clock.now() > record.expiresAt + 20 * MINUTE,
      () => 'waiting past the expiry',
      30_000,
      50,
    );
    assert.equal(emulator.cloud.clusters().find((c) => c.clusterId === clusterId)?.state, 'running', 'nothing ran meanwhile');
    assert.equal(deletes(clusterId), 0);
    const second = worker();
    await assertExpiredOnce('orphan', clusterId, [first, second]);
    // Its warning came due while no worker ran, after the expiry: the expiry is what happened.
    assert.equal(count(/⚠ Cluster orphan expires in/), 0);
  },
);
