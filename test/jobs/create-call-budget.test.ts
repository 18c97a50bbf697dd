import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { LIFECYCLE_QUEUE } from '../../src/lifecycle/lifecycle-jobs.js';
import { recordNamed } from '../lifecycle/helpers.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, settle } from '../support/console-wait.js';
import { emulatorEnv } from '../support/emulated-cloud.js';
import { pollUntilAsync } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';

/**
 * Issue 9's budget: `/gpu-cluster create 1 gn5` costs at most 6 ACK+ECS calls about its cluster (5 now)
 * besides the shared listing (DescribeClustersForRegion) and the shared quota, stock and price reads. The
 * calls are counted by action, so any extra call (a tag sync after the create, a periodic look at
 * the node pool, a vSwitch read per create) fails here.
 */
const SHARED = ['DescribeClustersForRegion', 'DescribeUserQuota', 'DescribeAvailableResource', 'DescribePrice'];
const PER_CLUSTER = {
  CreateCluster: 1,
  // No DescribeClusterDetail: the listing that says the cluster runs has its VPC and vSwitches.
  // The new VPC's vSwitch zones (ACK made the VPC, so no other create shares it).
  DescribeVSwitches: 1,
  CreateClusterNodePool: 1,
  // Once the listing shows the workers joined.
  DescribeClusterNodePoolDetail: 1,
  // The GPU check on the cluster itself.
  DescribeClusterUserKubeconfig: 1,
};

function countSince(emulator: Emulator, from: number): { perCluster: Record<string, number>; shared: Record<string, number> } {
  const perCluster: Record<string, number> = {};
  const shared: Record<string, number> = {};
  for (const { action } of emulator.cloud.journal().slice(from)) {
    const into = SHARED.includes(action) ? shared : perCluster;
    into[action] = (into[action] ?? 0) + 1;
  }
  return { perCluster, shared };
}

/** Until the lifecycle has nothing to do now (its delayed expiry aside): a tag sync would have run. */
async function lifecycleCalm(queue: Queue): Promise<void> {
  await pollUntilAsync(
    async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    },
    () => 'the lifecycle queue stayed busy',
  );
}

describe('the calls a create makes', () => {
  const redis = testRedis();
  let harness: ConsoleHarness;
  let emulator: Emulator;
  let lifecycle: Queue;
  before(async () => {
    harness = await startConsoleHarness({
      // The node pool takes about 1 s (290 s of ACK time), about 20 polls: a look at it on a timer would show.
      GPUBOT_EMULATOR_TIME_SCALE: '300',
      GPUBOT_POLL_INTERVAL_MS: '50',
      GPUBOT_CLUSTER_TTL: '12h',
    });
    emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
    lifecycle = new Queue(LIFECYCLE_QUEUE, { connection: redis, prefix: harness.prefix });
  });
  after(async () => {
    await lifecycle.close();
    await harness.stop();
    await redis.quit();
  });

  test('create 1 gn5: five calls about the cluster, by action; the expiry is tagged by CreateCluster, not synced after', async () => {
    await settle(harness);
    const from = emulator.cloud.journal().length;
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=budget');
    await watch.waitFor(/\[private to alice\] ✅ Your cluster budget is ready/, 30_000);
    await settle(harness);
    await lifecycleCalm(lifecycle);

    const { perCluster, shared } = countSince(emulator, from);
    assert.deepEqual(perCluster, PER_CLUSTER);
    assert.equal(
      Object.values(perCluster).reduce((sum, n) => sum + n, 0),
      5,
    );
    // The shared reads (cached for every create of every worker): one of each for this lone create.
    assert.equal(shared.DescribeUserQuota, 1);
    assert.equal(shared.DescribeAvailableResource, 1);
    assert.equal(shared.DescribePrice, 1);

    const record = await recordNamed(redis, harness.prefix, 'budget');
    assert.ok(record);
    const cluster = emulator.cloud.clusters().find((c) => c.name === 'budget') ?? assert.fail('no cluster');
    const tags = Object.fromEntries(cluster.tags.map((t) => [t.key, t.value]));
    assert.equal(tags['gpubot.io/ttl'], '12h');
    assert.equal(Date.parse(tags['gpubot.io/expires-at'] ?? ''), record.expiresAt);
    assert.equal(record.expiresAt - record.createdAt, 12 * 3_600_000);
    assert.equal(tags['gpubot.io/request'], record.requestId);
  });
});

describe('a configured VPC: its vSwitches are read once for a burst of creates', () => {
  let emulator: Emulator;
  let harness: ConsoleHarness;
  before(async () => {
    emulator = await startEmulator({ timeScale: 3000 });
    const network = emulator.cloud.networks().find((n) => n.regionId === 'cn-hangzhou') ?? assert.fail('no default VPC');
    harness = await startConsoleHarness({
      ...emulatorEnv(emulator),
      GPUBOT_POLL_INTERVAL_MS: '50',
      GPUBOT_VPC_ID: network.vpcId,
      GPUBOT_VSWITCH_IDS: network.vswitches.map((v) => v.vswitchId).join(','),
    });
  });
  after(async () => {
    await harness.stop();
    await emulator.close();
  });

  test('three creates, one DescribeVSwitches (pre-flight and the node pools share it)', { timeout: 60_000 }, async () => {
    const from = emulator.cloud.journal().length;
    const names = ['vpc-a', 'vpc-b', 'vpc-c'];
    for (const name of names) harness.send(`/gpu-cluster create 1 gn5 name=${name}`);
    for (const name of names)
      await harness.waitFor(new RegExp(`\\[private to alice\\] ✅ Your cluster ${name} is ready`), 40_000);
    const { perCluster } = countSince(emulator, from);
    assert.equal(perCluster.DescribeVSwitches, 1);
    assert.equal(perCluster.CreateCluster, 3);
    assert.equal(perCluster.CreateClusterNodePool, 3);
  });
});
