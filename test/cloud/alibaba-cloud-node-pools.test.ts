import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildNodePoolBody } from '../../src/cloud/alibaba/build-node-pool-body.js';
import { AlibabaCloud } from '../../src/cloud/alibaba/alibaba-cloud.js';
import { parseQuota } from '../../src/cloud/alibaba/parse-quota.js';
import { createClientsFactory, type Credentials } from '../../src/cloud/alibaba/pop-clients.js';
import type { ClusterRef } from '../../src/cloud/port.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { emulatedCloud, FAST_RETRY } from '../support/emulated-cloud.js';

const GN5 = 'ecs.gn5-c4g1.xlarge';
const TAGS = [{ key: 'gpubot.io/managed-by', value: 'gpubot' }];

/** Polls an async probe until it returns a value (the emulator has no watch). */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator({ timeScale: 5000 });
});
after(async () => {
  await emulator.close();
});

async function runningCluster(
  name: string,
  regionId = 'cn-hangzhou',
  zoneIds = ['cn-hangzhou-h', 'cn-hangzhou-i'],
): Promise<ClusterRef> {
  const cloud = emulatedCloud(emulator);
  const { clusterId } = await cloud.createCluster({
    name,
    regionId,
    clusterSpec: 'ack.pro.small',
    network: { kind: 'new', zoneIds },
    tags: TAGS,
  });
  const ref = { regionId, clusterId };
  await eventually(async () => ((await cloud.describeCluster(ref))?.state === 'running' ? true : undefined), `${name} running`);
  return ref;
}

describe('DescribeUserQuota', () => {
  test('entries of the quotas map are recognised by operation_code, whatever their key; flat fields are the fallback', async () => {
    const answer = {
      cluster_quota: 50,
      node_quota: 100,
      amk_cluster_quota: 20,
      quotas: {
        'some-undocumented-key': { quota: '12', operation_code: 'q_Kubernetes_Cluster', adjustable: true, unit: 'Cluster' },
        q_Kubernetes_Cluster: { quota: '99', operation_code: 'q_unrelated', adjustable: true, unit: 'Count' },
      },
    };
    assert.deepEqual(parseQuota(answer), { clusters: 12, nodesPerCluster: 100, managedClusters: 20 });
    assert.deepEqual(parseQuota({ cluster_quota: 50, node_quota: 100 }), { clusters: 50, nodesPerCluster: 100 });
    assert.deepEqual(parseQuota({}), { clusters: 50, nodesPerCluster: 100 });
    // The emulator keys its map by something other than the code: only operation_code finds it.
    emulator.cloud.setQuota({ clusters: 9, managedClusters: 20 });
    try {
      assert.equal((await emulatedCloud(emulator).getQuota()).clusters, 9);
    } finally {
      emulator.cloud.setQuota({ clusters: 50 });
    }
  });
});

describe('vSwitches and node pools', () => {
  test('the node pool body names its vSwitches in priority order, PRIORITY multi-AZ, pay-as-you-go, no deprecated count', () => {
    const body = buildNodePoolBody(
      {
        name: 'gpubot-gpu',
        instanceType: GN5,
        desiredSize: 3,
        systemDiskCategory: 'cloud_efficiency',
        vswitchIds: ['vsw-h', 'vsw-i'],
        tags: TAGS,
        securityGroupId: 'sg-1',
      },
      'Pw-123456789abc!',
    );
    assert.deepEqual(body.nodepool_info, { name: 'gpubot-gpu', type: 'ess' });
    const group = body.scaling_group as Record<string, unknown>;
    assert.deepEqual(group.vswitch_ids, ['vsw-h', 'vsw-i']);
    assert.equal(group.multi_az_policy, 'PRIORITY');
    assert.deepEqual(group.instance_types, [GN5]);
    assert.equal(group.desired_size, 3);
    assert.equal(group.instance_charge_type, 'PostPaid');
    assert.deepEqual(group.security_group_ids, ['sg-1']);
    assert.ok(!('count' in body) && !('count' in group));
  });

  test('listVSwitches gives the zone of every vSwitch of the cluster VPC; a pool on them becomes active with its nodes', async () => {
    const cloud = emulatedCloud(emulator);
    const ref = await runningCluster('pool-adapter');
    const detail = (await cloud.describeCluster(ref)) ?? assert.fail('no detail');
    const vswitches = await cloud.listVSwitches(ref.regionId, detail.vpcId ?? '');
    assert.deepEqual(
      vswitches.map((vs) => vs.zoneId),
      ['cn-hangzhou-h', 'cn-hangzhou-i'],
    );
    assert.deepEqual(
      vswitches.map((vs) => vs.vswitchId),
      detail.vswitchIds,
    );
    assert.ok(vswitches.every((vs) => vs.status === 'Available' && vs.vpcId === detail.vpcId));

    assert.equal(await cloud.findNodePool(ref, 'gpubot-gpu'), undefined);
    const created = await cloud.createNodePool(ref, {
      name: 'gpubot-gpu',
      instanceType: GN5,
      desiredSize: 2,
      systemDiskCategory: 'cloud_efficiency',
      vswitchIds: [...detail.vswitchIds],
      tags: TAGS,
    });
    assert.match(created.nodepoolId, /^np/);
    assert.match(created.taskId ?? '', /^T-/);
    const found = (await cloud.findNodePool(ref, 'gpubot-gpu')) ?? assert.fail('not found by name');
    assert.equal(found.nodepoolId, created.nodepoolId);
    const active = await eventually(async () => {
      const pool = await cloud.describeNodePool(ref, created.nodepoolId);
      return pool?.state === 'active' ? pool : undefined;
    }, 'node pool active');
    assert.deepEqual(active.vswitchIds, detail.vswitchIds);
    assert.equal(active.desiredSize, 2);
    assert.equal(active.healthyNodes, 2);
    assert.equal((await cloud.describeTask(ref.regionId, created.taskId ?? '')).state, 'success');
    assert.equal(await cloud.describeNodePool(ref, 'np-unknown'), undefined);
    await cloud.deleteCluster(ref);
  });
});

describe('regional endpoints and credentials', () => {
  test("a cluster is found only at its own region's endpoint; credentials are read before every call", async () => {
    const beijing = await runningCluster('only-in-beijing', 'cn-beijing', ['cn-beijing-g', 'cn-beijing-h']);
    let reads = 0;
    const provider = (): Promise<Credentials> => {
      reads += 1;
      return Promise.resolve({ ...emulator.cloud.credentials });
    };
    const cloud = new AlibabaCloud({
      clientsFor: createClientsFactory(emulator.cloud.endpointTemplates, provider),
      defaultRegion: 'cn-hangzhou',
      retry: FAST_RETRY,
    });
    const before = emulator.cloud.journal().length;
    assert.equal((await cloud.describeCluster(beijing))?.name, 'only-in-beijing');
    assert.equal(await cloud.describeCluster({ ...beijing, regionId: 'cn-hangzhou' }), undefined, 'not found through Hangzhou');
    assert.equal(reads, 2);
    const calls = emulator.cloud.journal().slice(before);
    assert.deepEqual(
      calls.map((c) => [c.action, c.endpointRegion]),
      [
        ['DescribeClusterDetail', 'cn-beijing'],
        ['DescribeClusterDetail', 'cn-hangzhou'],
      ],
    );
    await emulatedCloud(emulator).deleteCluster(beijing);
  });
});
