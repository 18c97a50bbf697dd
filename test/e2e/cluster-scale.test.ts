import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, sendConfirmed } from '../support/console-wait.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { testRedis } from '../support/test-redis.js';
import { recordNamed } from '../lifecycle/helpers.js';
import { createReservations } from '../../src/reservations/reservations.js';
import { clusterNodes, userGpus } from '../../src/reservations/resources.js';
import type { RateSegment } from '../../src/spend/rate-segments.js';

/**
 * `/gpu-cluster scale` against the emulator: growing is priced (the difference too) and, above
 * GPUBOT_CONFIRM_ABOVE, confirmed like a create; shrinking removes idle nodes first, asks before
 * stopping a notebook and stops only what it must; each ends with the GPU check. A cluster that
 * lost gpubot's tags is not touched. The meter bills each size from when it changed, and the
 * limits count the size the cluster has (a shrink frees GPUs and nodes when it completes).
 */
let h: ConsoleHarness;
let emulator: Emulator;
const redis = testRedis();

before(async () => {
  h = await startConsoleHarness({ GPUBOT_CONFIRM_ABOVE: '40', GPUBOT_APPROVE_ABOVE: '100000' });
  emulator = h.bot.emulator ?? assert.fail('the harness runs the emulator');
});
after(async () => {
  await h.stop();
  await redis.quit();
});

const poolOf = (name: string) => emulator.cloud.clusters().find((c) => c.name === name)?.nodepools[0];
const clusterIdOf = (name: string) => emulator.cloud.clusters().find((c) => c.name === name)?.clusterId ?? '';
/** The cluster's nodes as its Kubernetes API lists them. */
const nodesOf = (name: string) =>
  emulator.kube
    .objects(clusterIdOf(name))
    .filter((o) => o.kind === 'Node')
    .map((o) => o.name)
    .sort();
/** The cluster's sizes as the spend meter bills them (one segment per completed scale), as [GPUs, by whom]. */
async function segmentsOf(name: string): Promise<[number, string][]> {
  const requestId = (await recordNamed(redis, h.prefix, name))?.requestId ?? '';
  const raw = (await redis.hget(`${h.prefix}:spend:meter:${requestId}`, 'segments')) ?? '[]';
  return (JSON.parse(raw) as RateSegment[]).map((segment) => [segment.gpus, segment.by === requestId ? 'create' : 'scale']);
}
/** What the cluster holds of its owner's GPU limit and of the account's per-cluster nodes. */
async function heldFor(name: string): Promise<{ gpus: number; nodes: number }> {
  const record = await recordNamed(redis, h.prefix, name);
  const reservations = createReservations({ redis, prefix: h.prefix });
  const requestId = record?.requestId ?? '';
  const nodes = (await reservations.holding(`create:${requestId}`))?.claims.find((c) => c.resource === clusterNodes(requestId));
  return { gpus: (await reservations.usage(userGpus(record?.owner ?? ''))).used, nodes: nodes?.amount ?? -1 };
}
const calls = (action: string) => emulator.cloud.journal().filter((e) => e.action === action).length;
const notebookNode = (clusterId: string, notebook: string) =>
  emulator.kube
    .objects(clusterId)
    .filter((o) => o.kind === 'Pod' && o.name.startsWith(`${notebook}-`))
    .map((o) => (o.body as { spec?: { nodeName?: string } }).spec?.nodeName)[0];

test('scale up with its price and GPU check; above the threshold it is confirmed first', { timeout: 120_000 }, async () => {
  const create = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=sc');
  await create.waitFor(/\[private to alice\] ✅ Your cluster sc is ready/, 30_000);

  const up = sendAndWatch(h, '/gpu-cluster scale sc 2');
  await up.waitFor(/Queued: scale cluster sc from 1 to 2 GPU workers\.[^]*after the change, \+¥\d+\.\d{2}\/hour/);
  await up.waitFor(/✔ Check GPU workers — 2\/2 GPU workers Ready/, 30_000);
  await up.waitFor(/\[#console\] ✅ Cluster sc was scaled from 1 to 2 GPU workers at alice's request\./);
  await up.waitFor(/\[private to alice\] .*Your cluster sc now has 2 GPU workers \(was 1\)/);
  assert.equal(nodesOf('sc').length, 2);
  assert.equal((await recordNamed(redis, h.prefix, 'sc'))?.nodes, 2);
  assert.equal(calls('ScaleClusterNodePool'), 1);

  // Four workers cost more than GPUBOT_CONFIRM_ABOVE an hour: asked first, nothing happens until confirmed.
  const costly = sendAndWatch(h, '/gpu-cluster scale sc 4');
  const [, code] = await costly.waitFor(
    /Scale cluster sc from 2 to 4 × ecs\.gn5-c4g1\.xlarge[^]*`\/gpu-cluster confirm ([a-z0-9]{8})`/,
  );
  // The job waits in the queue for the answer (a delayed job): nothing has been asked of ACK.
  assert.equal(calls('ScaleClusterNodePool'), 1, 'nothing before the confirmation');
  h.send(`/gpu-cluster confirm ${code}`);
  await costly.waitFor(/✔ Check GPU workers — 4\/4 GPU workers Ready/, 30_000);
  assert.equal(nodesOf('sc').length, 4);
  assert.equal(poolOf('sc')?.desiredSize, 4);
  // The meter bills each completed scale from its change: one segment each.
  assert.deepEqual(await segmentsOf('sc'), [
    [1, 'create'],
    [2, 'scale'],
    [4, 'scale'],
  ]);
  assert.deepEqual(await heldFor('sc'), { gpus: 4, nodes: 4 });
});

test(
  'shrinking removes idle nodes first; a notebook is stopped only when it must be, after the owner confirms',
  { timeout: 150_000 },
  async () => {
    const record = await recordNamed(redis, h.prefix, 'sc');
    const clusterId = record?.clusterId ?? assert.fail('no record');
    for (const nb of ['nba', 'nbb']) {
      const start = sendAndWatch(h, `/notebook start cluster=sc name=${nb}`);
      await start.waitFor(new RegExp(`\\[private to alice\\] ✅ Your notebook ${nb} is ready`), 40_000);
    }
    const busy = [notebookNode(clusterId, 'nba'), notebookNode(clusterId, 'nbb')];
    assert.ok(busy[0] && busy[1] && busy[0] !== busy[1], `one notebook per node: ${busy.join(', ')}`);

    // 4 → 2: the two idle nodes go; the notebooks' nodes stay and nothing is stopped.
    const down = await sendConfirmed(h, '/gpu-cluster scale sc 2');
    await down.waitFor(/✔ Check GPU workers — 2\/2 GPU workers Ready/, 30_000);
    assert.deepEqual(nodesOf('sc'), [...busy].sort());
    assert.equal(notebookNode(clusterId, 'nba'), busy[0], 'nba still runs where it ran');
    assert.doesNotMatch(down.output(), /Notebooks stopped/);
    assert.deepEqual(await heldFor('sc'), { gpus: 2, nodes: 2 }, 'the removed nodes are free once gone');

    // 2 → 1: a notebook's node must go. The question says so; once confirmed, one notebook is stopped, its disk kept.
    const last = sendAndWatch(h, '/gpu-cluster scale sc 1');
    const [, code] = await last.waitFor(/2 notebook\(s\) run on it[^]*`\/gpu-cluster confirm ([a-z0-9]{8})`/);
    await h.bot.waitUntilIdle(50);
    assert.equal(nodesOf('sc').length, 2, 'nothing before the confirmation');
    h.send(`/gpu-cluster confirm ${code}`);
    await last.waitFor(/✔ Check GPU workers — 1\/1 GPU workers Ready/, 40_000);
    const [, stopped] = await last.waitFor(/Notebooks stopped on the removed nodes \(disks kept\): (nb[ab])\./);
    const kept = stopped === 'nba' ? 'nbb' : 'nba';
    assert.equal(nodesOf('sc').length, 1);
    assert.ok(notebookNode(clusterId, kept), `${kept} still runs`);
    assert.equal(notebookNode(clusterId, stopped ?? ''), undefined, `${stopped} is stopped`);
    const list = sendAndWatch(h, '/notebook list');
    await list.waitFor(new RegExp(`${stopped} on sc: stopped, 20 GiB disk kept`));

    // The stopped notebook holds nothing any more: the ledger counts one notebook on the cluster.
    await h.bot.waitUntilIdle(50);
    const regrow = sendAndWatch(h, '/gpu-cluster scale sc 2');
    await regrow.waitFor(/✔ Check GPU workers — 2\/2 GPU workers Ready/, 30_000);
    const again = sendAndWatch(h, '/gpu-cluster scale sc 1');
    const [, cancel] = await again.waitFor(/1 notebook\(s\) run on it[^]*`\/gpu-cluster cancel ([a-z0-9]{8})`/);
    h.send(`/gpu-cluster cancel ${cancel}`);
    await h.bot.waitUntilIdle(50);
    assert.equal(nodesOf('sc').length, 2, 'cancelled: nothing removed');
    assert.deepEqual(
      (await segmentsOf('sc')).map(([gpus]) => gpus),
      [1, 2, 4, 2, 1, 2],
    );
    assert.deepEqual(await heldFor('sc'), { gpus: 2, nodes: 2 });
  },
);

test('a scale of a cluster gpubot does not know, or that lost its tags, changes nothing', { timeout: 60_000 }, async () => {
  const before = calls('ScaleClusterNodePool') + calls('RemoveNodePoolNodes');
  const unknown = sendAndWatch(h, '/gpu-cluster scale nowhere 2');
  await unknown.waitFor(/\[only you\] ❌ gpubot knows no cluster named nowhere\. Clusters you may scale: sc\./);
  const same = sendAndWatch(h, '/gpu-cluster scale sc 2');
  await same.waitFor(/\[only you\] ❌ Cluster sc already has 2 GPU workers: nothing to do\./);
  const bad = sendAndWatch(h, '/gpu-cluster scale sc many');
  await bad.waitFor(/\[only you\] ❌ /);

  const record = await recordNamed(redis, h.prefix, 'sc');
  const ref = { regionId: 'cn-hangzhou', clusterId: record?.clusterId ?? '' };
  const cloud = emulatedCloud(emulator);
  const kept = (await cloud.describeCluster(ref))?.tags.filter((t) => !t.key.startsWith('gpubot.io/')) ?? [];
  await cloud.setClusterTags(ref, kept);
  const stripped = sendAndWatch(h, '/gpu-cluster scale sc 3');
  await stripped.waitFor(/no longer carries gpubot's tags: gpubot leaves it alone and changed nothing/, 30_000);
  await h.bot.waitUntilIdle(50);
  assert.equal(calls('ScaleClusterNodePool') + calls('RemoveNodePoolNodes'), before);
  assert.equal(poolOf('sc')?.desiredSize, 2);
});

test(
  "growing past the account's nodes per cluster is refused before ACK is asked, and holds nothing",
  { timeout: 90_000 },
  async () => {
    const create = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=quota');
    await create.waitFor(/\[private to alice\] ✅ Your cluster quota is ready/, 30_000);
    const requestId = (await recordNamed(redis, h.prefix, 'quota'))?.requestId ?? assert.fail('the cluster is recorded');
    const ledger = createReservations({ redis, prefix: h.prefix });
    const holders = () => ledger.holders(clusterNodes(requestId));
    // The live quota (DescribeUserQuota) is the authority, not the configured maximum.
    emulator.cloud.setQuota({ nodesPerCluster: 1 });
    const before = calls('ScaleClusterNodePool');
    try {
      const over = sendAndWatch(h, '/gpu-cluster scale quota 2');
      await over.waitFor(
        /Growing quota to 2 nodes would pass the account's limit of 1 nodes per cluster: nothing was changed\./,
        30_000,
      );
      await h.bot.waitUntilIdle(50);
      assert.equal(calls('ScaleClusterNodePool'), before, 'ACK was not asked');
      assert.deepEqual(await holders(), [{ id: `create:${requestId}`, amount: 1 }], 'the refused growth holds nothing');
    } finally {
      emulator.cloud.setQuota({ nodesPerCluster: 100 });
    }
    // Within the quota: held while ACK adds the node, then counted in the cluster's own hold alone.
    const within = sendAndWatch(h, '/gpu-cluster scale quota 2');
    await within.waitFor(/✔ Check GPU workers — 2\/2 GPU workers Ready/, 30_000);
    assert.equal(calls('ScaleClusterNodePool'), before + 1);
    assert.deepEqual(await holders(), [{ id: `create:${requestId}`, amount: 2 }]);
  },
);
