import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, settle } from '../support/console-wait.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { enqueueAs, requester } from '../notebook/helpers.js';

const creates = (emulator: Emulator) => emulator.cloud.calls().CreateCluster ?? 0;

describe('ACK Pro by default', () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsoleHarness();
  });
  after(async () => {
    await harness.stop();
  });

  test('a create makes an ack.pro.small cluster and says so', async () => {
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=pro');
    await watch.waitFor(
      /✔ Pre-flight checks: quota, name, GPU stock — ack\.pro\.small: 0\/50 clusters in use; 1 workers allowed \(up to 40 per cluster\)/,
    );
    await watch.waitFor(/\[private to alice\] ✅ Your cluster pro is ready/);
    const cluster = harness.bot.emulator?.cloud.clusters().find((c) => c.name === 'pro') ?? assert.fail('not created');
    assert.equal(cluster.clusterSpec, 'ack.pro.small');
    assert.match(watch.output(), /requested in cn-hangzhou \(ack\.pro\.small, task T-/);
  });
});

describe('ACK Basic (GPUBOT_CLUSTER_SPEC=ack.standard): its caps are enforced before anything is created', () => {
  let harness: ConsoleHarness;
  let emulator: Emulator;
  before(async () => {
    harness = await startConsoleHarness({ GPUBOT_CLUSTER_SPEC: 'ack.standard' });
    emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
  });
  after(async () => {
    await harness.stop();
  });
  afterEach(async () => {
    await settle(harness);
  });

  test('11 workers: refused at once, before anything is queued, naming the Pro setting', async () => {
    const before = creates(emulator);
    const watch = sendAndWatch(harness, '/gpu-cluster create 11 gn5 name=big-basic');
    await watch.waitFor(
      /\[only you\] ❌ 11 nodes is more than an ACK Basic cluster can have \(10\), and ACK does not raise that limit\..*GPUBOT_CLUSTER_SPEC=ack\.pro\.small/,
    );
    assert.doesNotMatch(watch.output(), /Queued/);
    assert.equal(creates(emulator) - before, 0);
  });

  test('11 workers queued anyway (an older bot, another process): pre-flight refuses them too', async () => {
    const before = creates(emulator);
    const mark = harness.output().length;
    await enqueueAs(
      harness,
      requester('alice'),
      { kind: 'cluster.create', count: 11, instanceType: 'ecs.gn5-c4g1.xlarge', name: 'queued-big', region: 'cn-hangzhou' },
      'basic-eleven',
    );
    await settle(harness);
    assert.match(
      harness.output().slice(mark),
      /An ACK Basic \(ack\.standard\) cluster has at most 10 workers and ACK does not raise that limit; you asked for 11\..*GPUBOT_CLUSTER_SPEC=ack\.pro\.small/,
    );
    assert.equal(creates(emulator) - before, 0);
  });

  test('a third Basic cluster: refused by pre-flight with the edition limit, nothing created', async () => {
    const cloud = emulatedCloud(emulator);
    for (const name of ['basic-a', 'basic-b']) {
      await cloud.createCluster({
        name,
        regionId: 'cn-hangzhou',
        clusterSpec: 'ack.standard',
        network: { kind: 'new', zoneIds: ['cn-hangzhou-h'] },
        tags: [],
      });
    }
    const before = creates(emulator);
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=basic-c');
    await watch.waitFor(
      /\[private to alice\].*\n?.*ACK Basic \(ack\.standard\) allows at most 2 clusters per account and ACK does not raise that limit; 2 are in use or being created \(these exist: basic-b, basic-a\).*GPUBOT_CLUSTER_SPEC=ack\.pro\.small/,
    );
    assert.equal(creates(emulator) - before, 0);
    for (const cluster of emulator.cloud.clusters()) await cloud.deleteCluster(cluster);
  });

  test('within the caps a Basic cluster is created, with Basic figures in pre-flight', async () => {
    const watch = sendAndWatch(harness, '/gpu-cluster create 2 gn5 name=basic-ok');
    await watch.waitFor(
      /✔ Pre-flight checks: quota, name, GPU stock — ack\.standard: 0\/2 clusters in use; 2 workers allowed \(up to 10 per cluster\)/,
    );
    await watch.waitFor(/\[private to alice\] ✅ Your cluster basic-ok is ready/);
    assert.equal(emulator.cloud.clusters().find((c) => c.name === 'basic-ok')?.clusterSpec, 'ack.standard');
  });
});
