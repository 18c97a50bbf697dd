import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, settle } from '../support/console-wait.js';
import { emulatedCloud } from '../support/emulated-cloud.js';

const GN5 = 'ecs.gn5-c4g1.xlarge';
const HANGZHOU = ['cn-hangzhou-g', 'cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k'];

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
  emulator.cloud.faults.clear();
  emulator.cloud.setQuota({ clusters: 50, managedClusters: 20, nodesPerCluster: 100 });
  for (const zone of HANGZHOU) emulator.cloud.setStock('cn-hangzhou', zone, GN5, 'WithStock');
  const cloud = emulatedCloud(emulator);
  for (const cluster of emulator.cloud.clusters()) await cloud.deleteCluster(cluster);
});

const creates = () => emulator.cloud.calls().CreateCluster ?? 0;

/** A cluster that exists in the account but that gpubot did not create. */
async function foreignCluster(name: string): Promise<void> {
  await emulatedCloud(emulator).createCluster({
    name,
    regionId: 'cn-hangzhou',
    clusterSpec: 'ack.pro.small',
    network: { kind: 'new', zoneIds: ['cn-hangzhou-h'] },
    tags: [{ key: 'team', value: 'other' }],
  });
}

test('the account cluster quota is used up: refused before anything is created, with a specific message', async () => {
  await foreignCluster('someone-elses');
  emulator.cloud.setQuota({ clusters: 1 });
  const before = creates();
  const watch = sendAndWatch(harness, '/gpu-cluster create 2 gn5 name=over-quota');
  await watch.waitFor(/Queued: GPU cluster over-quota/);
  await watch.waitFor(/\[private to alice\].*\n?.*The account allows 1 clusters and 1 are in use or being created/);
  // The channel's progress message and the private message are separate deliveries, in either order.
  // The console shows the final state as one ❌ line after an earlier snapshot, or as the whole
  // checklist when the failure is the first snapshot it delivers (a busy machine coalesces them).
  await watch.waitFor(
    /\[#console\] (❌ | {2})The account allows 1 clusters and 1 are in use or being created \(regions checked: cn-hangzhou\)\. Delete one with `\/gpu-cluster delete <name>`/,
  );
  assert.equal(creates() - before, 0);
  assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'over-quota').length, 0);
});

test('more workers than the account allows per cluster: refused before anything is created', async () => {
  emulator.cloud.setQuota({ nodesPerCluster: 3 });
  const before = creates();
  const watch = sendAndWatch(harness, '/gpu-cluster create 4 gn5 name=too-many');
  await watch.waitFor(/\[private to alice\].*\n?.*4 workers exceed the limit of 3 nodes per cluster\. Ask for 3 or fewer\./);
  assert.equal(creates() - before, 0);
});

test('only one zone has the GPU type in stock: that zone is chosen and said', async () => {
  for (const zone of HANGZHOU)
    emulator.cloud.setStock('cn-hangzhou', zone, GN5, zone === 'cn-hangzhou-j' ? 'WithStock' : 'WithoutStock');
  const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=in-stock');
  await watch.waitFor(/✔ Pre-flight checks.*zone cn-hangzhou-j has ecs\.gn5-c4g1\.xlarge in stock/);
  await watch.waitFor(/\[private to alice\] ✅ Your cluster in-stock is ready/);
  const cluster = emulator.cloud.clusters().find((c) => c.name === 'in-stock') ?? assert.fail('not created');
  assert.equal(cluster.zoneId, 'cn-hangzhou-j');
});

test('a requested zone without stock is refused, listing the zones that have it', async () => {
  for (const zone of HANGZHOU)
    emulator.cloud.setStock(
      'cn-hangzhou',
      zone,
      GN5,
      ['cn-hangzhou-i', 'cn-hangzhou-k'].includes(zone) ? 'WithStock' : 'WithoutStock',
    );
  const before = creates();
  const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=wrong-zone zone=cn-hangzhou-h');
  await watch.waitFor(
    /\[private to alice\].*\n?.*Zone cn-hangzhou-h has no ecs\.gn5-c4g1\.xlarge in stock\. Zones with stock: cn-hangzhou-i, cn-hangzhou-k\./,
  );
  assert.equal(creates() - before, 0);
});

test('no zone has stock: refused with advice, nothing created', async () => {
  for (const zone of HANGZHOU) emulator.cloud.setStock('cn-hangzhou', zone, GN5, 'WithoutStock');
  const before = creates();
  const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=sold-out');
  await watch.waitFor(
    /\[private to alice\].*\n?.*No zone of cn-hangzhou has ecs\.gn5-c4g1\.xlarge in stock right now\. Try later/,
  );
  assert.equal(creates() - before, 0);
});

test('a name already taken in the region is refused, naming the owner', async () => {
  await foreignCluster('taken');
  const before = creates();
  const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=taken');
  await watch.waitFor(
    /\[private to alice\].*\n?.*A cluster named taken already exists in cn-hangzhou \(owner: not gpubot\)\. Choose another name/,
  );
  assert.equal(creates() - before, 0);
});
