import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import type { ClusterSnapshot } from '../../src/emulator/cloud/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, settle } from '../support/console-wait.js';
import { emulatorEnv } from '../support/emulated-cloud.js';

const GN5 = 'ecs.gn5-c4g1.xlarge';
const HANGZHOU = ['cn-hangzhou-g', 'cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k'];

function stockOnlyIn(emulator: Emulator, zones: string[]): void {
  for (const zone of HANGZHOU)
    emulator.cloud.setStock('cn-hangzhou', zone, GN5, zones.includes(zone) ? 'WithStock' : 'WithoutStock');
}

function clusterNamed(emulator: Emulator, name: string): ClusterSnapshot {
  return emulator.cloud.clusters().find((c) => c.name === name) ?? assert.fail(`no cluster ${name}`);
}

describe('ACK creates the VPC: the GPU pool gets only vSwitches in zones with stock', () => {
  let harness: ConsoleHarness;
  let emulator: Emulator;
  before(async () => {
    harness = await startConsoleHarness();
    emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
  });
  after(async () => {
    await harness.stop();
  });
  afterEach(async () => {
    await settle(harness);
  });

  test('two zones with stock: the cluster gets vSwitches in both, the pool uses them in order, nothing elsewhere', async () => {
    stockOnlyIn(emulator, ['cn-hangzhou-h', 'cn-hangzhou-i']);
    const watch = sendAndWatch(harness, '/gpu-cluster create 2 gn5 name=two-zones');
    await watch.waitFor(/\[private to alice\] ✅ Your cluster two-zones is ready/);
    const cluster = clusterNamed(emulator, 'two-zones');
    assert.deepEqual(cluster.zoneIds, ['cn-hangzhou-h', 'cn-hangzhou-i'], 'CreateCluster zone_ids = the zones with stock');
    const [pool, ...others] = cluster.nodepools;
    assert.deepEqual(others, [], 'one node pool');
    assert.deepEqual(pool?.zoneIds, ['cn-hangzhou-h', 'cn-hangzhou-i']);
    assert.deepEqual(pool?.vswitchIds, cluster.vswitchIds);
    assert.equal(pool?.multiAzPolicy, 'PRIORITY');
    assert.ok(cluster.nodes.every((n) => n.zoneId === 'cn-hangzhou-h'));
    // Progress shows the steps and where the workers went. (A step's plan shows while it runs only
    // when its run takes over a second: a run's changes are one edit.)
    const out = watch.output();
    assert.match(
      out,
      /✔ Create the GPU node pool — Node pool np\w+ requested in zones cn-hangzhou-h, cn-hangzhou-i, in that order \(vSwitches vsw-\w+, vsw-\w+\)/,
    );
    // Followed in the region's listing (the cluster's size) until the workers joined; the pool is asked then.
    assert.match(out, /▶ Start the GPU workers — 0\/2 GPU workers joined the cluster \(running\)/);
    assert.match(out, /✔ Start the GPU workers — Node pool np\w+ is active with 2 nodes/);
    assert.match(out, /✅ Cluster two-zones is ready: 2 × ecs\.gn5-c4g1\.xlarge in cn-hangzhou \(zones cn-hangzhou-h\)/);
  });

  test('one zone with stock: the cluster gets a second zone (for load balancers), the pool only the zone with stock', async () => {
    stockOnlyIn(emulator, ['cn-hangzhou-j']);
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=one-zone');
    await watch.waitFor(/\[private to alice\] ✅ Your cluster one-zone is ready/);
    const cluster = clusterNamed(emulator, 'one-zone');
    assert.equal(cluster.zoneIds.length, 2);
    assert.equal(cluster.zoneIds[0], 'cn-hangzhou-j');
    assert.deepEqual(cluster.nodepools[0]?.zoneIds, ['cn-hangzhou-j']);
  });

  test('zone= pins the pool to that zone', async () => {
    stockOnlyIn(emulator, ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-k']);
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=pinned zone=cn-hangzhou-k');
    await watch.waitFor(/\[private to alice\] ✅ Your cluster pinned is ready/);
    assert.deepEqual(clusterNamed(emulator, 'pinned').nodepools[0]?.zoneIds, ['cn-hangzhou-k']);
  });

  test('the node pool runs out of stock: the message explains NoStock with advice, and the cluster is deleted', async () => {
    stockOnlyIn(emulator, HANGZHOU.slice(1));
    emulator.cloud.faults.inject({ api: 'CreateClusterNodePool', fault: 'stock-out', times: 1 });
    const deletes = emulator.cloud.calls().DeleteCluster ?? 0;
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=pool-sold-out');
    const failed = await watch.waitFor(
      /\[private to alice\] ❌[^\n]*\n(?:\[private to alice\] )?([^\n]*ACK could not create the cluster[^\n]*)/,
    );
    assert.match(failed[1] ?? '', /node pool np\w+: OperationDenied\.NoStock/);
    assert.match(failed[1] ?? '', /sold out in that zone/);
    await watch.waitFor(/gpubot is deleting cluster pool-sold-out \(c\w+\) so it costs nothing/);
    await watch.waitFor(/\[private to alice\] ✅ Cluster pool-sold-out \(c\w+\), whose creation failed, is deleted/);
    await settle(harness);
    assert.equal((emulator.cloud.calls().DeleteCluster ?? 0) - deletes, 1);
  });
});

describe('a configured VPC (GPUBOT_VPC_ID + GPUBOT_VSWITCH_IDS): the cluster gets all of them, the pool only those with stock', () => {
  let emulator: Emulator;
  let harness: ConsoleHarness;
  let vswitchOf: (zone: string) => string;
  before(async () => {
    emulator = await startEmulator({ timeScale: 3000 });
    const network = emulator.cloud.networks().find((n) => n.regionId === 'cn-hangzhou') ?? assert.fail('no default VPC');
    vswitchOf = (zone) => network.vswitches.find((v) => v.zoneId === zone)?.vswitchId ?? assert.fail(`no vSwitch in ${zone}`);
    harness = await startConsoleHarness({
      ...emulatorEnv(emulator),
      GPUBOT_POLL_INTERVAL_MS: '50',
      GPUBOT_VPC_ID: network.vpcId,
      GPUBOT_VSWITCH_IDS: ['cn-hangzhou-g', 'cn-hangzhou-h', 'cn-hangzhou-j'].map((z) => vswitchOf(z)).join(','),
    });
  });
  after(async () => {
    await harness.stop();
    await emulator.close();
  });

  test('stock only in h among g, h, j: the pool gets h alone', async () => {
    stockOnlyIn(emulator, ['cn-hangzhou-h', 'cn-hangzhou-i']);
    const watch = sendAndWatch(harness, '/gpu-cluster create 2 gn5 name=byo');
    await watch.waitFor(/\[private to alice\] ✅ Your cluster byo is ready/);
    const cluster = clusterNamed(emulator, 'byo');
    assert.deepEqual(
      cluster.zoneIds,
      ['cn-hangzhou-g', 'cn-hangzhou-h', 'cn-hangzhou-j'],
      'the cluster gets every configured vSwitch',
    );
    assert.deepEqual(cluster.nodepools[0]?.vswitchIds, [vswitchOf('cn-hangzhou-h')]);
    assert.ok(cluster.nodes.every((n) => n.zoneId === 'cn-hangzhou-h'));
  });

  test('none of the configured zones has stock: refused before anything is created, naming the zones that have it', async () => {
    stockOnlyIn(emulator, ['cn-hangzhou-i', 'cn-hangzhou-k']);
    const before = emulator.cloud.calls().CreateCluster ?? 0;
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=byo-none');
    await watch.waitFor(
      /\[private to alice\].*\n?.*The configured vSwitches are in zones cn-hangzhou-g, cn-hangzhou-h, cn-hangzhou-j, and none of them has the GPU type in stock; zones with stock: cn-hangzhou-i, cn-hangzhou-k\./,
    );
    assert.equal((emulator.cloud.calls().CreateCluster ?? 0) - before, 0);
  });
});
