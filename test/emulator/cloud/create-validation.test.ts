import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBody, createCluster, OPTS, rejection, startHarness, waitForTask, type Harness } from './helpers.js';

describe('CreateCluster validation (2026 API)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.emu.close();
  });

  const cases: [string, Record<string, unknown>, Record<string, unknown>, string, RegExp][] = [
    [
      'top-level worker_instance_types',
      { worker_instance_types: ['ecs.gn5-c4g1.xlarge'] },
      {},
      'ErrorParameterDeprecated',
      /worker_instance_types.*scaling_group\.instance_types/,
    ],
    ['top-level num_of_nodes', { num_of_nodes: 2 }, {}, 'ErrorParameterDeprecated', /num_of_nodes.*desired_size/],
    [
      'top-level login_password',
      { login_password: 'Gpubot#2026x' },
      {},
      'ErrorParameterDeprecated',
      /login_password.*scaling_group\.login_password/,
    ],
    ['top-level runtime', { runtime: { name: 'containerd' } }, {}, 'ErrorParameterDeprecated', /kubernetes_config\.runtime/],
    ['master_count', { master_count: 3 }, {}, 'ErrorParameterDeprecated', /control_plane_config\.size/],
    ['dedicated clusters', { cluster_type: 'Kubernetes' }, {}, 'ErrorClusterTypeDiscontinued', /dedicated/],
    ['missing name', { name: undefined }, {}, 'MissingParameter', /name/],
    ['missing network', { zone_ids: undefined }, {}, 'MissingParameter', /zone_ids/],
    [
      'ESSD on gn5',
      {},
      { system_disk_category: 'cloud_essd' },
      'InvalidSystemDiskCategory.ValueNotSupported',
      /cloud_ssd, cloud_efficiency/,
    ],
    [
      'a 2 vCPU node',
      {},
      { instance_types: ['ecs.gn5i-c2g1.large'], system_disk_category: 'cloud_efficiency' },
      'InvalidParameter',
      /4 vCPU/,
    ],
    ['a weak password', {}, { login_password: 'password' }, 'InvalidParameter', /three of/],
    ['too many nodes', {}, { desired_size: 101 }, 'QuotaExceeded.Node', /node quota/],
    [
      'an unknown vSwitch',
      { zone_ids: undefined, vpcid: 'vpc-nope', vswitch_ids: ['vsw-nope'] },
      {},
      'InvalidVSwitchId.NotFound',
      /vsw-nope/,
    ],
  ];
  for (const [what, top, pool, code, message] of cases) {
    it(`rejects ${what} with 400 ${code}`, async () => {
      const err = await rejection(() => createCluster(h.cs, createBody(top, pool)));
      assert.equal(err.statusCode, 400);
      assert.equal(err.result.code, code);
      assert.match(err.result.message, message);
      assert.equal(err.result.status, 400);
    });
  }

  it('never echoes the password', async () => {
    const err = await rejection(() => createCluster(h.cs, createBody({}, { login_password: 'short1A' })));
    assert.doesNotMatch(JSON.stringify(err.result), /short1A/);
  });

  it('accepts an existing VPC with its vSwitches', async () => {
    const net = h.emu.networks().find((n) => n.regionId === 'cn-hangzhou');
    const vsw = net?.vswitches.find((v) => v.zoneId === 'cn-hangzhou-i');
    assert.ok(net && vsw);
    const created = await createCluster(
      h.cs,
      createBody({ name: 'byo-vpc', zone_ids: undefined, vpcid: net.vpcId, vswitch_ids: [vsw.vswitchId] }),
    );
    const task = await waitForTask(h.cs, created.task_id);
    assert.equal(task.state, 'success');
    assert.equal(task.stages[0].outputs.stage, 'CheckVpc');
    const detail = await h.cs.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS);
    assert.equal(detail.vpc_id, net.vpcId);
    assert.equal(detail.zone_id, 'cn-hangzhou-i');
  });

  it('enforces the account cluster quota', async () => {
    h.emu.setQuota({ clusters: h.emu.clusters().length });
    const err = await rejection(() => createCluster(h.cs, createBody({ name: 'over-quota' })));
    assert.equal(err.result.code, 'QuotaExceeded.Cluster');
    h.emu.setQuota({ clusters: 50 });
  });
});

describe('asynchronous creation failures', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.emu.close();
  });

  it('fails the ECS stage with NoStock in a sold-out zone and explains it in the logs', async () => {
    // cn-hangzhou-g has no gn5 stock by default.
    const created = await createCluster(h.cs, createBody({ name: 'no-stock', zone_ids: ['cn-hangzhou-g'] }));
    const task = await waitForTask(h.cs, created.task_id);
    assert.equal(task.state, 'failed');
    assert.equal(task.error.code, 'OperationDenied.NoStock');
    assert.match(task.error.message, /cn-hangzhou-g/);
    const last = task.stages[task.stages.length - 1];
    assert.equal(last.state, 'failed');
    assert.equal(task.current_stage, 'CreateEcsInstances');
    const detail = await h.cs.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS);
    assert.equal(detail.state, 'failed');
    const logs = await h.cs.get(`/clusters/${created.cluster_id}/logs`, {}, {}, OPTS);
    const errors = logs
      .filter((l: { log_level: string }) => l.log_level === 'error')
      .map((l: { cluster_log: string }) => l.cluster_log);
    assert.ok(
      errors.some((line: string) => /OperationDenied\.NoStock.*WithoutStock/.test(line)),
      errors.join('\n'),
    );
    assert.equal(h.kube.added.length, 0);

    // A failed cluster can still be deleted.
    const del = await h.cs.delete(`/clusters/${created.cluster_id}`, {}, {}, OPTS);
    assert.equal((await waitForTask(h.cs, del.task_id)).state, 'success');
  });

  it('falls back to the next instance type of the priority list', async () => {
    h.emu.setStock('cn-hangzhou', 'cn-hangzhou-j', 'ecs.gn5-c4g1.xlarge', 'ClosedWithoutStock');
    const created = await createCluster(
      h.cs,
      createBody(
        { name: 'fallback', zone_ids: ['cn-hangzhou-j'] },
        { instance_types: ['ecs.gn5-c4g1.xlarge', 'ecs.gn5-c8g1.2xlarge'] },
      ),
    );
    assert.equal((await waitForTask(h.cs, created.task_id)).state, 'success');
    assert.deepEqual(
      h.kube.added.at(-1)?.nodes.map((n) => n.instanceType),
      ['ecs.gn5-c8g1.2xlarge', 'ecs.gn5-c8g1.2xlarge'],
    );
  });

  for (const [fault, code] of [
    ['stock-out', 'OperationDenied.NoStock'],
    ['quota', 'QuotaExceed.ElasticQuota'],
    ['insufficient-balance', 'InsufficientBalance'],
  ] as const) {
    it(`turns a ${fault} fault on CreateCluster into a failed task (${code})`, async () => {
      h.emu.faults.inject({ api: 'CreateCluster', fault, times: 1 });
      const created = await createCluster(h.cs, createBody({ name: `fault-${fault}` }));
      const task = await waitForTask(h.cs, created.task_id);
      assert.equal(task.state, 'failed');
      assert.equal(task.error.code, code);
      const detail = await h.cs.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS);
      assert.equal(detail.state, 'failed');
    });
  }

  it('fails with QuotaExceed.ElasticQuota when the regional vCPU quota is short', async () => {
    h.emu.setQuota({ ecsVcpuPerRegion: 4 });
    const created = await createCluster(
      h.cs,
      createBody({ name: 'vcpu-quota', region_id: 'cn-shanghai', zone_ids: ['cn-shanghai-e'] }),
    );
    const task = await waitForTask(h.cs, created.task_id);
    assert.equal(task.error.code, 'QuotaExceed.ElasticQuota');
  });
});
