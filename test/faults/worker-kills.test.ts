import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Redis } from 'ioredis';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, sendConfirmed } from '../support/console-wait.js';
import { keysWithPrefix, testRedis } from '../support/test-redis.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { recordFigures } from './support/figures.js';

/**
 * kill -9 of the worker at each step of a create, a notebook start and a delete: whenever the
 * request's progress shows a step begun, or its job checkpoints a stage, that no worker was killed
 * in yet, the worker running it dies (SIGKILL: no clean-up, its job lock lapses) and a fresh one is
 * started. Each request still ends once, with one cluster, one node pool, one notebook, one delete,
 * and each message once.
 */
let emulator: Emulator;
let bot: ConsoleHarness;
let redis: Redis;
const workers: WorkerProcess[] = [];
let kills = 0;

before(async () => {
  emulator = await startEmulator({ timeScale: 150 });
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot' });
  redis = testRedis();
});
after(async () => {
  for (const worker of workers) await worker.kill();
  await bot.stop();
  await emulator.close();
  redis.disconnect();
});

/** Checkpoint fields that mark what a job reached; the others are its clocks and counters, which change every run. */
const CLOCKS = new Set(['poll', 'since', 'tries', 'poolLookedAt']);

/**
 * The stages the command jobs have checkpointed, as `<job>:<field>`. A run's quick steps are one
 * progress edit, so some steps never show begun: their checkpoints still mark them.
 */
async function checkpointedStages(): Promise<string[]> {
  const stages: string[] = [];
  for (const key of await keysWithPrefix(redis, `${bot.prefix}:commands`)) {
    if ((await redis.type(key)) !== 'hash') continue;
    const data = await redis.hget(key, 'data');
    const checkpoint = data ? (JSON.parse(data) as { checkpoint?: Record<string, unknown> }).checkpoint : undefined;
    for (const field of Object.keys(checkpoint ?? {})) if (!CLOCKS.has(field)) stages.push(`${key}:${field}`);
  }
  return stages;
}

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, { GPUBOT_QUEUE_PREFIX: bot.prefix, GPUBOT_SECRET_KEY: 'test-sealing-key' });
  workers.push(started);
  return started;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Every step and stage killed in so far, across the requests (a finished job's stages stay in Redis). */
const killedIn: string[] = [];

/** Runs until `done` shows, killing the worker once in every step begun and stage checkpointed; returns those. */
// Each kill waits for the job lock to lapse and a fresh worker process to start: ~25 s in all on a
// quiet machine, several times that on a loaded one.
async function killAtEachStep(output: () => string, done: RegExp, timeoutMs = 90_000): Promise<string[]> {
  const killedNow: string[] = [];
  let current = worker();
  const deadline = Date.now() + timeoutMs;
  while (!done.test(output())) {
    if (Date.now() > deadline) {
      const logs = current.output().split('\n').slice(-15).join('\n');
      throw new Error(
        `timed out waiting for ${done} (killed in ${killedNow.join(', ')}); console:\n${output()}\nworker:\n${logs}`,
      );
    }
    const begun = [...output().matchAll(/▶ ([^\n—]+?)(?: —|\n)/g)].map((match) => (match[1] ?? '').trim());
    const fresh = [...begun, ...(await checkpointedStages())].find((step) => !killedIn.includes(step));
    if (fresh) {
      killedIn.push(fresh);
      killedNow.push(fresh);
      await current.kill();
      kills += 1;
      current = worker();
    }
    await pause(25);
  }
  return killedNow;
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

test('kill -9 of the worker at each step of create, notebook start and delete', { timeout: 300_000 }, async () => {
  const create = sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=killed');
  const createSteps = await killAtEachStep(create.output, /\[private to alice\] ✅ Your cluster killed is ready/);
  assert.ok(createSteps.length >= 5, `killed in ${createSteps.join(', ')}`);

  const start = sendAndWatch(bot, '/notebook start name=nbk cluster=killed');
  const startSteps = await killAtEachStep(start.output, /\[private to alice\] {3}Password: /);
  assert.ok(startSteps.length >= 4, `killed in ${startSteps.join(', ')}`);

  const remove = await sendConfirmed(bot, '/gpu-cluster delete killed');
  const deleteSteps = await killAtEachStep(
    remove.output,
    /\[private to alice\] ✅ Your cluster killed \(c\w+\) and its cloud resources are deleted/,
  );
  assert.ok(deleteSteps.length >= 2, `killed in ${deleteSteps.join(', ')}`);
  await bot.bot.waitUntilIdle(100);
  await pause(1000);

  const out = bot.output();
  const calls = emulator.cloud.calls();
  assert.equal(calls.CreateCluster, 1, 'one cluster for the request');
  assert.equal(calls.CreateClusterNodePool, 1, 'one node pool');
  assert.equal(calls.DeleteCluster, 1, 'deleted once');
  assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'killed' && c.state !== 'deleted').length, 0, 'nothing left');
  assert.equal(count(out, /\[private to alice\] ✅ Your cluster killed is ready/), 1);
  assert.equal(count(out, /\[#console\] .*GPU cluster killed for alice is ready/), 1);
  assert.equal(count(out, /\[#console\] ✅ alice's notebook nbk is running on killed/), 1);
  assert.equal(count(out, /\[private to alice\] {3}Password: /), 1);
  assert.equal(count(out, /\[private to alice\] ✅ Your cluster killed \(c\w+\) and its cloud resources are deleted/), 1);
  assert.doesNotMatch(out, /❌/, 'nothing failed');
  recordFigures({
    scenario: 'kill -9 of a worker at each step (create, notebook start, delete)',
    requests: 3,
    faults: { 'worker kill -9': kills },
    outcomes: {
      'steps killed in': createSteps.length + startSteps.length + deleteSteps.length,
      succeeded: 3,
      clusters: calls.CreateCluster ?? 0,
      'messages checked, each once': 5,
    },
  });
});
