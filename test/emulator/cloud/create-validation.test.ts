import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createBody,
  createCluster,
  createNodePool,
  inlinePoolBody,
  OPTS,
  poolBody,
  rejection,
  startHarness,
  waitForRunning,
  waitForTask,
  type Harness,
} from './helpers.js';

describe('CreateCluster validation (2026 API)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.emu.close();
  });

  /** [what, cluster fields, node pool fields (an inline pool in an existing VPC when given), code, message] */
  const cases: [string, Record<string, unknown>, Record<string, unknown> | undefined, string, RegExp][] = [
    [
      'top-level worker_instance_types',
      { worker_instance_types: ['ecs.gn5-c4g1.xlarge'] },
      undefined,
      'ErrorParameterDeprecated',
      /worker_instance_types.*scaling_group\.instance_types/,
    ],
    ['top-level num_of_nodes', { num_of_nodes: 2 }, undefined, 'ErrorParameterDeprecated', /num_of_nodes.*desired_size/],
    [
      'top-level login_password',
      { login_password: 'Gpubot#2026x' },
      undefined,
      'ErrorParameterDeprecated',
      /login_password.*scaling_group\.login_password/,
    ],
    ['top-level runtime', { runtime: { name: 'containerd' } }, {}, 'ErrorParameterDeprecated', /kubernetes_config\.runtime/],
    ['master_count', { master_count: 3 }, undefined, 'ErrorParameterDeprecated', /control_plane_config\.size/],
    ['dedicated clusters', { cluster_type: 'Kubernetes' }, undefined, 'ErrorClusterTypeDiscontinued', /dedicated/],
    ['missing name', { name: undefined }, undefined, 'MissingParameter', /name/],
    ['missing network', { zone_ids: undefined }, undefined, 'MissingParameter', /zone_ids/],
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
      'an inline pool without vSwitches',
      {},
      { vswitch_ids: undefined },
      'MissingParameter',
      /nodepools\[0\]\.scaling_group\.vswitch_ids/,
    ],
    ['an unknown multi-AZ policy', {}, { multi_az_policy: 'RANDOM' }, 'InvalidParameter', /multi_az_policy/],
    [
      'more than 10 workers on ACK Basic',
      { cluster_spec: 'ack.standard' },
      { desired_size: 11 },
      'QuotaExceeded.Node',
      /at most 10 and this cannot be increased/,
    ],
    [
      'an unknown vSwitch',
      { zone_ids: undefined, vpcid: 'vpc-nope', vswitch_ids: ['vsw-nope'] },
      undefined,
      'InvalidVSwitchId.NotFound',
      /vsw-nope/,
    ],
  ];
  for (const [what, top, pool, code, message] of cases) {
    it(`rejects ${what} with 400 ${code}`, async () => {
      const body = pool === undefined ? createBody(top) : inlinePoolBody(h.emu, top, pool);
      const err = await rejection(() => createCluster(h.cs, body));
      assert.equal(err.statusCode, 400);
      assert.equal(err.result.code, code);
      assert.match(err.result.message, message);
      assert.equal(err.result.status, 400);
    });
  }

  it('never echoes the password', async () => {
    const err = await rejection(() => createCluster(h.cs, inlinePoolBody(h.emu, {}, { login_password: 'short1A' })));
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

  it('refuses a node pool in a VPC ACK has not created yet (zone_ids): its vSwitch ids cannot be known', async () => {
    const err = await rejection(() => createCluster(h.cs, createBody({ nodepools: [poolBody(['vsw-guess'])] })));
    assert.equal(err.result.code, 'InvalidVSwitchId.NotFound');
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
    const created = await createCluster(h.cs, inlinePoolBody(h.emu, { name: 'no-stock' }, {}, 'cn-hangzhou-g'));
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
      inlinePoolBody(
        h.emu,
        { name: 'fallback' },
        { instance_types: ['ecs.gn5-c4g1.xlarge', 'ecs.gn5-c8g1.2xlarge'] },
        'cn-hangzhou-j',
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

    it(`turns a ${fault} fault on CreateClusterNodePool into a failed node pool task (${code})`, async () => {
      const created = await createCluster(h.cs, createBody({ name: `pool-fault-${fault}` }));
      const running = await waitForRunning(h.cs, created.cluster_id);
      h.emu.faults.inject({ api: 'CreateClusterNodePool', fault, times: 1 });
      const pool = await createNodePool(h.cs, created.cluster_id, poolBody([...running.vswitch_ids]));
      const task = await waitForTask(h.cs, pool.task_id);
      assert.equal(task.state, 'failed');
      assert.equal(task.error.code, code);
      const detail = await h.cs.get(`/clusters/${created.cluster_id}/nodepools/${pool.nodepool_id}`, {}, {}, OPTS);
      assert.equal(detail.status.state, 'failed');
      assert.equal((await h.cs.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS)).state, 'running');
    });
  }

  it('fails with QuotaExceed.ElasticQuota when the regional vCPU quota is short', async () => {
    h.emu.setQuota({ ecsVcpuPerRegion: 4 });
    const created = await createCluster(
      h.cs,
      inlinePoolBody(h.emu, { name: 'vcpu-quota', region_id: 'cn-shanghai' }, {}, 'cn-shanghai-e'),
    );
    const task = await waitForTask(h.cs, created.task_id);
    assert.equal(task.error.code, 'QuotaExceed.ElasticQuota');
  });
});
