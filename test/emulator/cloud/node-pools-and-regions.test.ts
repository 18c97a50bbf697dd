import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createBody,
  createCluster,
  createNodePool,
  OPTS,
  poolBody,
  rejection,
  roaClient,
  startHarness,
  vpcClient,
  waitForRunning,
  waitForTask,
  type Harness,
} from './helpers.js';

describe('the 2026 rules the emulator enforces', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.emu.close();
  });

  it('CreateClusterNodePool needs vSwitch ids of the cluster VPC and a running cluster', async () => {
    const created = await createCluster(h.cs, createBody({ name: 'pool-rules' }));
    const early = await rejection(() => createNodePool(h.cs, created.cluster_id, poolBody(['vsw-any'])));
    assert.equal(early.result.code, 'ErrorClusterNotRunning');
    const running = await waitForRunning(h.cs, created.cluster_id);

    const without = await rejection(() => createNodePool(h.cs, created.cluster_id, poolBody([])));
    assert.equal(without.statusCode, 400);
    assert.equal(without.result.code, 'MissingParameter');
    assert.match(without.result.message, /scaling_group\.vswitch_ids/);

    const other = h.emu.networks().find((n) => n.regionId === 'cn-hangzhou')?.vswitches[0]?.vswitchId ?? '';
    const foreign = await rejection(() => createNodePool(h.cs, created.cluster_id, poolBody([other])));
    assert.equal(foreign.result.code, 'InvalidVSwitchId.NotFound');
    assert.match(foreign.result.message, /not in the cluster VPC/);

    const first = await createNodePool(h.cs, created.cluster_id, poolBody([...running.vswitch_ids]));
    const pending = await h.cs.get(`/clusters/${created.cluster_id}/nodepools/${first.nodepool_id}`, {}, {}, OPTS);
    assert.ok(['initial', 'scaling'].includes(pending.status.state), pending.status.state);
    const twice = await rejection(() => createNodePool(h.cs, created.cluster_id, poolBody([...running.vswitch_ids])));
    assert.match(twice.result.message, /already exists/);
    assert.equal((await waitForTask(h.cs, first.task_id)).state, 'success');
    const unknown = await rejection(() => h.cs.get(`/clusters/${created.cluster_id}/nodepools/np-nope`, {}, {}, OPTS));
    assert.equal(unknown.result.code, 'ErrorNodePoolNotFound');
  });

  it('a PRIORITY pool whose first zone has no stock falls back to the next vSwitch; no zone with stock fails the task', async () => {
    h.emu.setStock('cn-hangzhou', 'cn-hangzhou-j', 'ecs.gn5-c4g1.xlarge', 'WithoutStock');
    const created = await createCluster(
      h.cs,
      createBody({ name: 'fallback-zone', zone_ids: ['cn-hangzhou-j', 'cn-hangzhou-i'] }),
    );
    const running = await waitForRunning(h.cs, created.cluster_id);
    const pool = await createNodePool(h.cs, created.cluster_id, poolBody([...running.vswitch_ids]));
    assert.equal((await waitForTask(h.cs, pool.task_id)).state, 'success');
    const nodes = h.kube.added.find((a) => a.clusterId === created.cluster_id)?.nodes ?? [];
    assert.deepEqual(
      nodes.map((n) => n.zoneId),
      ['cn-hangzhou-i', 'cn-hangzhou-i'],
    );

    const onlyJ = running.vswitch_ids[0] as string;
    const stuck = await createNodePool(h.cs, created.cluster_id, poolBody([onlyJ], {}, 'only-sold-out'));
    const task = await waitForTask(h.cs, stuck.task_id);
    assert.equal(task.state, 'failed');
    assert.equal(task.error.code, 'OperationDenied.NoStock');
    h.emu.setStock('cn-hangzhou', 'cn-hangzhou-j', 'ecs.gn5-c4g1.xlarge', 'WithStock');
  });

  it('ACK Basic: at most 2 clusters per account and 10 workers per cluster, whatever the quota', async () => {
    const basic = (name: string) =>
      createBody({ name, cluster_spec: 'ack.standard', region_id: 'cn-shenzhen', zone_ids: ['cn-shenzhen-d'] });
    const one = await createCluster(h.cs, basic('basic-1'));
    await createCluster(h.cs, basic('basic-2'));
    const third = await rejection(() => createCluster(h.cs, basic('basic-3')));
    assert.equal(third.result.code, 'QuotaExceeded.Cluster');
    assert.match(third.result.message, /at most 2 ACK Basic.*cannot be increased.*ack\.pro\.small/);
    // A Pro cluster is still fine.
    await createCluster(h.cs, createBody({ name: 'pro-ok', region_id: 'cn-shenzhen', zone_ids: ['cn-shenzhen-d'] }));

    const running = await waitForRunning(h.cs, one.cluster_id);
    const eleven = await rejection(() =>
      createNodePool(h.cs, one.cluster_id, poolBody([...running.vswitch_ids], { desired_size: 11 })),
    );
    assert.equal(eleven.result.code, 'QuotaExceeded.Node');
    const ten = await createNodePool(h.cs, one.cluster_id, poolBody([...running.vswitch_ids], { desired_size: 10 }));
    assert.ok(ten.nodepool_id);
  });

  it('DescribeVSwitches (VPC 2016-04-28) filters by VPC, vSwitch and zone and pages by 50 at most', async () => {
    const net = h.emu.networks().find((n) => n.regionId === 'cn-beijing') ?? assert.fail('no default VPC');
    const all = await h.vpc.request(
      'DescribeVSwitches',
      { RegionId: 'cn-beijing', VpcId: net.vpcId, PageSize: 50 },
      { method: 'POST', ...OPTS },
    );
    assert.equal(all.TotalCount, net.vswitches.length);
    const first = all.VSwitches.VSwitch[0];
    assert.deepEqual(Object.keys(first).sort(), [
      'AvailableIpAddressCount',
      'CidrBlock',
      'IsDefault',
      'Status',
      'VSwitchId',
      'VSwitchName',
      'VpcId',
      'ZoneId',
    ]);
    assert.equal(first.Status, 'Available');
    const inZone = await h.vpc.request(
      'DescribeVSwitches',
      { RegionId: 'cn-beijing', ZoneId: 'cn-beijing-h', VpcId: net.vpcId },
      { method: 'POST', ...OPTS },
    );
    assert.deepEqual(
      inZone.VSwitches.VSwitch.map((v: { ZoneId: string }) => v.ZoneId),
      ['cn-beijing-h'],
    );
    const paged = await h.vpc.request(
      'DescribeVSwitches',
      { RegionId: 'cn-beijing', PageSize: 2, PageNumber: 1 },
      { method: 'POST', ...OPTS },
    );
    assert.equal(paged.VSwitches.VSwitch.length, 2);
    const tooMany = await rejection(() =>
      h.vpc.request('DescribeVSwitches', { RegionId: 'cn-beijing', PageSize: 51 }, { method: 'POST', ...OPTS }),
    );
    assert.match(tooMany.code, /InvalidParameter/);
    const neither = await rejection(() => h.vpc.request('DescribeVSwitches', {}, { method: 'POST', ...OPTS }));
    assert.equal(neither.code, 'MissingParameter');
  });

  it("a cluster lives in one region: its regional endpoint finds it, another region's does not", async () => {
    const hangzhou = roaClient(h.emu, { endpoint: `${h.emu.csEndpoint}/cn-hangzhou` });
    const beijing = roaClient(h.emu, { endpoint: `${h.emu.csEndpoint}/cn-beijing` });
    const created = await createCluster(
      beijing,
      createBody({ name: 'in-beijing', region_id: 'cn-beijing', zone_ids: ['cn-beijing-g'] }),
    );
    assert.equal((await beijing.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS)).region_id, 'cn-beijing');
    const elsewhere = await rejection(() => hangzhou.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS));
    assert.equal(elsewhere.result.code, 'ErrorClusterNotFound');
    const task = await rejection(() => hangzhou.get(`/tasks/${created.task_id}`, {}, {}, OPTS));
    assert.equal(task.result.code, 'ErrorTaskNotFound');
    assert.equal((await waitForTask(beijing, created.task_id)).state, 'success');
    const kubeconfig = await rejection(() => hangzhou.get(`/k8s/${created.cluster_id}/user_config`, {}, {}, OPTS));
    assert.equal(kubeconfig.result.code, 'ErrorClusterNotFound');
    const deleting = await rejection(() => hangzhou.delete(`/clusters/${created.cluster_id}`, {}, {}, OPTS));
    assert.equal(deleting.result.code, 'ErrorClusterNotFound');
    const wrongList = await rejection(() => hangzhou.get('/regions/cn-beijing/clusters', {}, {}, OPTS));
    assert.equal(wrongList.result.code, 'InvalidParameter');
    const wrongCreate = await rejection(() =>
      createCluster(hangzhou, createBody({ name: 'wrong-endpoint', region_id: 'cn-beijing', zone_ids: ['cn-beijing-g'] })),
    );
    assert.match(wrongCreate.result.message, /not served by the cn-hangzhou endpoint/);
    const wrongVpc = await rejection(() =>
      vpcClient(h.emu, `${h.emu.vpcEndpoint}/cn-hangzhou`).request(
        'DescribeVSwitches',
        { RegionId: 'cn-beijing' },
        { method: 'POST', ...OPTS },
      ),
    );
    assert.equal(wrongVpc.code, 'InvalidRegionId.NotFound');
    // The journal says where each call went.
    const calls = h.emu.journal().filter((c) => c.path.includes(created.cluster_id));
    assert.ok(calls.some((c) => c.endpointRegion === 'cn-hangzhou') && calls.some((c) => c.endpointRegion === 'cn-beijing'));
  });
});
