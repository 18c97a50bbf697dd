import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { createReservations } from '../../src/reservations/reservations.js';
import { userGpus } from '../../src/reservations/resources.js';
import type { RateSegment } from '../../src/spend/rate-segments.js';
import { recordNamed } from '../lifecycle/helpers.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { testRedis } from '../support/test-redis.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { killAtEachStep } from './support/kill-at-each-step.js';

/**
 * kill -9 of the worker at each step of a scale up and a scale down: the re-run jobs settle the
 * same scale again, and still the meter has one segment per scale and the limits count the size
 * the cluster has, neither more nor less.
 */
let emulator: Emulator;
let bot: ConsoleHarness;
const workers: WorkerProcess[] = [];
const redis = testRedis();

before(async () => {
  emulator = await startEmulator({ timeScale: 150 });
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot' });
});
after(async () => {
  for (const worker of workers) await worker.kill();
  await bot.stop();
  await emulator.close();
  await redis.quit();
});

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, { GPUBOT_QUEUE_PREFIX: bot.prefix, GPUBOT_SECRET_KEY: 'test-sealing-key' });
  workers.push(started);
  return started;
}

async function meterOf(name: string): Promise<{ gpus: number[]; held: number }> {
  const record = (await recordNamed(redis, bot.prefix, name)) ?? assert.fail(`no record of ${name}`);
  const raw = (await redis.hget(`${bot.prefix}:spend:meter:${record.requestId}`, 'segments')) ?? '[]';
  const held = (await createReservations({ redis, prefix: bot.prefix }).usage(userGpus(record.owner))).used;
  return { gpus: (JSON.parse(raw) as RateSegment[]).map((segment) => segment.gpus), held };
}

test(
  'kill -9 of the worker at each step of a scale up and down: one segment per scale, holds as the size',
  { timeout: 150_000 },
  async () => {
    let current = worker();
    const create = sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=skill');
    await create.waitFor(/\[private to alice\] ✅ Your cluster skill is ready/, 40_000);

    const up = sendAndWatch(bot, '/gpu-cluster scale skill 3');
    const grown = await killAtEachStep(
      worker,
      current,
      up.output,
      /\[private to alice\] .*Your cluster skill now has 3 GPU workers/,
    );
    assert.ok(grown.killedIn.includes('Check GPU workers'), `killed after the resize, in ${grown.killedIn.join(', ')}`);
    current = grown.worker;
    assert.deepEqual(await meterOf('skill'), { gpus: [1, 3], held: 3 });

    const down = sendAndWatch(bot, '/gpu-cluster scale skill 2');
    const shrunk = await killAtEachStep(
      worker,
      current,
      down.output,
      /\[private to alice\] .*Your cluster skill now has 2 GPU workers/,
    );
    assert.ok(shrunk.killedIn.includes('Check GPU workers'), `killed after the resize, in ${shrunk.killedIn.join(', ')}`);
    await bot.bot.waitUntilIdle(100);
    assert.deepEqual(await meterOf('skill'), { gpus: [1, 3, 2], held: 2 });
    assert.equal(emulator.cloud.calls().ScaleClusterNodePool, 1, 'grown once');
    assert.equal(emulator.cloud.calls().RemoveNodePoolNodes, 1, 'shrunk once');
  },
);
