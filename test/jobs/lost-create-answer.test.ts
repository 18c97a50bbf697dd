import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { emulatorEnv } from '../support/emulated-cloud.js';

/**
 * ACK created the cluster but its answer never arrived (connection reset). Sending CreateCluster
 * again would be refused (the name exists) or, without a name clash, make a second cluster: the
 * job must look the cluster up by its request tag instead, and adopt it.
 */
let emulator: Emulator;
let proxy: RecordingProxy;
let harness: ConsoleHarness;
let lost = 0;
let lostPools = 0;
before(async () => {
  emulator = await startEmulator({ timeScale: 3000 });
  proxy = await startRecordingProxy(emulator.cloud.csEndpoint, {
    loseAnswer: (method, url) => {
      if (method !== 'POST') return false;
      if (url === '/cn-hangzhou/clusters') return lost++ === 0;
      // The first node pool of the `lost-pool` test is created but its answer lost.
      return /^\/cn-hangzhou\/clusters\/c\w+\/nodepools$/.test(url) && poolAnswerLost() && lostPools++ === 0;
    },
  });
  harness = await startConsoleHarness({
    ...emulatorEnv(emulator, { cs: proxy.url }),
    GPUBOT_POLL_INTERVAL_MS: '50',
  });
});
after(async () => {
  await harness.stop();
  await proxy.close();
  await emulator.close();
});

test('a lost CreateCluster answer: the cluster is found by its tag and adopted, not created twice', async () => {
  const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=lost-answer');
  await watch.waitFor(/\[private to alice\] (✅ Your cluster lost-answer is ready|❌)/);
  assert.doesNotMatch(watch.output(), /❌/);
  assert.equal(lost > 0, true, 'an answer was lost');
  assert.equal(emulator.cloud.calls().CreateCluster, 1, 'CreateCluster was not sent again');
  assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'lost-answer').length, 1);
  assert.match(watch.output(), /Request the ACK cluster — .*c\w+/);
});

let losePoolAnswers = false;
const poolAnswerLost = () => losePoolAnswers;

test('a lost CreateClusterNodePool answer: the pool is found by its name and adopted, not created twice', async () => {
  losePoolAnswers = true;
  const before = emulator.cloud.calls().CreateClusterNodePool ?? 0;
  const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=lost-pool');
  await watch.waitFor(/\[private to alice\] (✅ Your cluster lost-pool is ready|❌)/);
  losePoolAnswers = false;
  assert.doesNotMatch(watch.output(), /❌/);
  assert.equal(lostPools, 1, 'an answer was lost');
  assert.equal((emulator.cloud.calls().CreateClusterNodePool ?? 0) - before, 1, 'CreateClusterNodePool was not sent again');
  const cluster = emulator.cloud.clusters().find((c) => c.name === 'lost-pool') ?? assert.fail('no cluster');
  assert.equal(cluster.nodepools.length, 1);
  assert.match(watch.output(), /Found node pool np\w+ from an earlier attempt/);
});

test('5xx on CreateCluster: the job checks by tag and tries again, ending with one cluster', async () => {
  const before = emulator.cloud.calls().CreateCluster ?? 0;
  emulator.cloud.faults.inject({ api: 'CreateCluster', fault: 'server-error', times: 2 });
  const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=five-hundred');
  await watch.waitFor(/\[private to alice\] (✅ Your cluster five-hundred is ready|❌)/);
  assert.doesNotMatch(watch.output(), /❌/);
  assert.equal((emulator.cloud.calls().CreateCluster ?? 0) - before, 3);
  assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'five-hundred').length, 1);
  assert.match(harness.logs(), /CreateCluster failed transiently; checking by tag before trying again/);
});
