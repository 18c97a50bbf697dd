import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { emulatorEnv } from '../support/emulated-cloud.js';
import { pollUntil } from '../support/poll-until.js';
import { lastRunner, spawnWorker, type WorkerProcess } from '../support/worker-process.js';
import { recordFigures } from './support/figures.js';

/**
 * kill -9 of the worker running `/gpu-cluster scale`, the instant ACK accepted its change of the
 * node pool (ScaleClusterNodePool to grow, RemoveNodePoolNodes to shrink), before the worker could
 * note that it asked: the other worker takes the job over once its lock lapses, finds the change
 * under way instead of asking again, and finishes: the pool at the requested size, one call, one
 * message to the requester and one to the channel.
 */
let emulator: Emulator;
let bot: ConsoleHarness;
const workers: WorkerProcess[] = [];

before(async () => {
  emulator = await startEmulator({ timeScale: 150 });
  bot = await startConsoleHarness({
    GPUBOT_ROLE: 'bot',
    ...emulatorEnv(emulator),
    GPUBOT_CONFIRM_ABOVE: '100000',
    GPUBOT_APPROVE_ABOVE: '100000',
  });
});
afterEach(async () => {
  for (const worker of workers) await worker.kill();
});
after(async () => {
  await bot?.stop();
  await emulator?.close();
});

function worker(): WorkerProcess {
  const started = spawnWorker(emulator, { GPUBOT_QUEUE_PREFIX: bot.prefix, GPUBOT_SECRET_KEY: 'test-sealing-key' });
  workers.push(started);
  return started;
}

const calls = (action: string) => emulator.cloud.journal().filter((entry) => entry.action === action).length;
const count = (pattern: RegExp) => bot.output().match(new RegExp(pattern, 'g'))?.length ?? 0;
const poolOf = (name: string) => emulator.cloud.clusters().find((c) => c.name === name)?.nodepools[0];
const nodesOf = (name: string) => {
  const clusterId = emulator.cloud.clusters().find((c) => c.name === name)?.clusterId ?? '';
  return emulator.kube.objects(clusterId).filter((o) => o.kind === 'Node').length;
};

/** Scales, kills the worker that made `action` the instant ACK accepted it, and waits for the end. */
async function scaleKilledAt(pair: readonly WorkerProcess[], from: number, to: number, action: string): Promise<void> {
  const before = calls(action);
  const watch = sendAndWatch(bot, `/gpu-cluster scale sc ${to}`);
  await pollUntil(
    () => calls(action) > before,
    () => `no ${action}; console:\n${watch.output()}`,
    40_000,
    1,
  );
  const doer = lastRunner(pair, (line) => line.includes('"kind":"cluster.scale"'));
  assert.ok(doer, 'a worker ran the scale');
  await doer.kill();
  const survivor = pair.find((w) => w !== doer);
  const done = new RegExp(`\\[private to alice\\] .*Your cluster sc now has ${to} GPU workers \\(was ${from}\\)`);
  await watch.waitFor(done, 60_000);
  await bot.bot.waitUntilIdle(100);
  assert.equal(calls(action) - before, 1, `${action} accepted once`);
  assert.equal(poolOf('sc')?.desiredSize, to);
  assert.equal(nodesOf('sc'), to, 'the cluster has the requested nodes');
  assert.equal(count(done), 1, 'one message to the requester');
  assert.equal(count(new RegExp(`\\[#console\\] ✅ Cluster sc was scaled from ${from} to ${to} GPU workers`)), 1);
  const survived = survivor?.output() ?? '';
  assert.match(survived, /"kind":"cluster\.scale"[^\n]*"stalls":[1-9][^\n]*"request running"/, 'taken over from the dead worker');
  assert.match(survived, /"kind":"cluster\.scale"[^\n]*"request done"/, 'the other worker finished it');
  assert.doesNotMatch(watch.output(), /❌/);
}

test('kill -9 of the worker growing, then shrinking, a node pool', { timeout: 150_000 }, async () => {
  const first = [worker(), worker()];
  const create = sendAndWatch(bot, '/gpu-cluster create 1 gn5 name=sc');
  await create.waitFor(/\[private to alice\] ✅ Your cluster sc is ready/, 40_000);
  const started = Date.now();
  await scaleKilledAt(first, 1, 3, 'ScaleClusterNodePool');
  const grown = Date.now();
  const second = [...first.filter((w) => w.child.signalCode === null), worker()];
  await scaleKilledAt(second, 3, 1, 'RemoveNodePoolNodes');
  assert.equal(calls('ScaleClusterNodePool'), 1, 'no second grow');
  recordFigures({
    scenario: 'kill -9 of the worker scaling a node pool (grow, shrink)',
    requests: 2,
    faults: { 'worker kill -9': 2 },
    outcomes: {
      succeeded: 2,
      'grow seconds': Math.round((grown - started) / 1000),
      'shrink seconds': Math.round((Date.now() - grown) / 1000),
    },
  });
});
