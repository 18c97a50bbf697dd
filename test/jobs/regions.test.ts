import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, sendConfirmed, settle } from '../support/console-wait.js';
import { emulatedCloud, emulatorEnv } from '../support/emulated-cloud.js';

/**
 * Alibaba serves a resource only at the endpoint of its region. With GPUBOT_REGIONS, a cluster made
 * with region=cn-beijing is created, waited on, read and deleted through Beijing's endpoints only,
 * while a Hangzhou cluster lives on. The emulator keeps deleted clusters as `deleted` for good here,
 * so the delete finishes only because `deleted` counts as gone.
 */
let emulator: Emulator;
let harness: ConsoleHarness;
before(async () => {
  emulator = await startEmulator({ timeScale: 3000, deletedVisibleSeconds: 1e9 });
  harness = await startConsoleHarness({
    ...emulatorEnv(emulator),
    GPUBOT_POLL_INTERVAL_MS: '50',
    GPUBOT_REGIONS: 'cn-hangzhou,cn-beijing',
  });
});
after(async () => {
  await harness.stop();
  await emulator.close();
});

const everSeen = new Map<string, string>();
/** The id of a cluster by name, remembered: a deleted cluster leaves the emulator's live list. */
const idOf = (name: string): string => {
  const id = emulator.cloud.clusters().find((c) => c.name === name)?.clusterId ?? everSeen.get(name);
  if (!id) assert.fail(`no cluster ${name}`);
  everSeen.set(name, id);
  return id;
};

test('an unknown region is refused at once with the list, nothing queued', async () => {
  const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 region=cn-shanghai');
  await watch.waitFor(
    /\[only you\] ❌ gpubot does not work in region cn-shanghai\. Regions: cn-hangzhou, cn-beijing \(the operator sets them with GPUBOT_REGIONS\)\./,
  );
  await settle(harness);
  assert.doesNotMatch(watch.output(), /Queued/);
  assert.equal(emulator.cloud.calls().CreateCluster ?? 0, 0);
});

test("region=cn-beijing: every call about that cluster goes to Beijing's endpoints; the Hangzhou cluster stays", async () => {
  const hz = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=in-hz');
  await hz.waitFor(/\[private to alice\] ✅ Your cluster in-hz is ready/);
  const start = emulator.cloud.journal().length;
  const bj = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=in-bj region=cn-beijing');
  await bj.waitFor(/\[private to alice\] ✅ Your cluster in-bj is ready/);
  assert.match(bj.output(), /requested in cn-beijing/);
  idOf('in-bj');
  const list = sendAndWatch(harness, '/gpu-cluster list');
  await list.waitFor(/in-bj: running, 1 nodes, cn-beijing/);
  await list.waitFor(/in-hz: running, 1 nodes, cn-hangzhou/);
  const del = await sendConfirmed(harness, '/gpu-cluster delete in-bj');
  await del.waitFor(/\[#console\] ✅ Cluster in-bj was deleted at alice's request/);

  const bjId = idOf('in-bj');
  const calls = emulator.cloud.journal().slice(start);
  const aboutBj = calls.filter((c) => c.path.includes(bjId));
  const actions = new Set(aboutBj.map((c) => c.action));
  // (Its network came from Beijing's listing, DescribeClustersForRegion, checked below: no DescribeClusterDetail.)
  for (const action of [
    'DescribeClusterUserKubeconfig',
    'CreateClusterNodePool',
    'DescribeClusterNodePoolDetail',
    'DeleteCluster',
  ]) {
    assert.ok(actions.has(action), `${action} was called for the Beijing cluster`);
  }
  assert.deepEqual([...new Set(aboutBj.map((c) => c.endpointRegion))], ['cn-beijing']);
  assert.deepEqual(
    calls.filter((c) => c.action === 'CreateCluster').map((c) => c.endpointRegion),
    ['cn-beijing'],
  );
  // A creation is followed in the region's listing (DescribeTaskInfo is asked only about failures).
  for (const action of ['DescribeAvailableResource', 'DescribeVSwitches', 'DescribeClustersForRegion']) {
    assert.ok(
      calls.some((c) => c.action === action && c.endpointRegion === 'cn-beijing'),
      `${action} at the Beijing endpoint`,
    );
  }
  // Nothing about the Hangzhou cluster went to Beijing, and nothing went to a central endpoint.
  const hzId = idOf('in-hz');
  assert.ok(calls.filter((c) => c.path.includes(hzId)).every((c) => c.endpointRegion === 'cn-hangzhou'));
  assert.ok(
    emulator.cloud.journal().every((c) => c.endpointRegion !== undefined),
    'every call went to a regional endpoint',
  );
  assert.equal(emulator.cloud.clusters().find((c) => c.name === 'in-hz')?.state, 'running');
  // ACK still reports the Beijing cluster as `deleted` (the emulator keeps it so): the job counted that as gone.
  assert.equal(
    emulator.cloud.clusters().find((c) => c.name === 'in-bj'),
    undefined,
    'not live any more',
  );
  const after = await emulatedCloud(emulator).describeCluster({ regionId: 'cn-beijing', clusterId: bjId });
  assert.equal(after?.state, 'deleted');
});
