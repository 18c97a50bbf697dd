import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { pollUntil } from '../support/poll-until.js';
import { freePort, startRedisProcess, type RedisProcess } from '../support/redis-processes.js';
import { recordFigures } from './support/figures.js';

/**
 * Redis (with AOF, as gpubot requires: the persistence check runs for real here) restarts in the
 * middle of a burst of creates. Jobs, checkpoints and pending messages survive it; every request
 * is answered once, with one cluster each.
 */
const NAMES = ['rr1', 'rr2', 'rr3', 'rr4', 'rr5', 'rr6', 'rr7', 'rr8'];
let redis: RedisProcess;
let harness: ConsoleHarness;
let port = 0;
const dir = mkdtempSync(join(tmpdir(), 'gpubot-aof-'));
const args = () => [
  '--port',
  String(port),
  '--bind',
  '127.0.0.1',
  '--dir',
  dir,
  '--save',
  '',
  '--appendonly',
  'yes',
  '--appendfsync',
  'always',
];

before(async () => {
  port = await freePort();
  redis = await startRedisProcess(args(), port);
  harness = await startConsoleHarness({
    REDIS_URL: `redis://127.0.0.1:${port}/0`,
    GPUBOT_REDIS_PERSISTENCE: 'verify',
    // Slow enough that the first creates are still running when Redis goes.
    GPUBOT_EMULATOR_TIME_SCALE: '300',
  });
});
after(async () => {
  await harness.stop();
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ready = (name: string) =>
  harness.output().match(new RegExp(`\\[private to alice\\] ✅ Your cluster ${name} is ready`, 'g'))?.length ?? 0;

test('Redis restarts (AOF) mid-burst: every request answered once, one cluster each', { timeout: 150_000 }, async () => {
  for (const name of NAMES.slice(0, 4)) harness.send(`/gpu-cluster create 1 gn5 name=${name}`);
  await harness.waitFor(/Cluster c\w+ requested/, 30_000);
  await redis.stop();
  const downAt = Date.now();
  await new Promise((done) => setTimeout(done, 1000));
  redis = await startRedisProcess(args(), port);
  const downMs = Date.now() - downAt;
  for (const name of NAMES.slice(4)) harness.send(`/gpu-cluster create 1 gn5 name=${name}`);
  await pollUntil(
    () => NAMES.every((name) => ready(name) > 0),
    () => `not every cluster ready:\n${harness.output()}`,
    120_000,
    100,
  );
  await harness.bot.waitUntilIdle(100);
  await new Promise((done) => setTimeout(done, 1000));

  const emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
  for (const name of NAMES) {
    assert.equal(ready(name), 1, `${name}: one ready message`);
    assert.equal(emulator.cloud.clusters().filter((c) => c.name === name).length, 1, `${name}: one cluster`);
    assert.equal(harness.output().match(new RegExp(`\\[#console\\] .*GPU cluster ${name} for alice is ready`, 'g'))?.length, 1);
  }
  assert.equal(emulator.cloud.calls().CreateCluster, NAMES.length, 'CreateCluster once per request');
  assert.doesNotMatch(harness.output(), /❌/);
  recordFigures({
    scenario: 'Redis restart (AOF) mid-burst',
    requests: NAMES.length,
    faults: { 'Redis restarts': 1 },
    outcomes: {
      'ms without Redis': downMs,
      succeeded: NAMES.length,
      clusters: emulator.cloud.clusters().length,
      'ready messages, each once': NAMES.length,
    },
  });
});
