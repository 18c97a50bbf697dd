import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createBody,
  createCluster,
  createNodePool,
  OPTS,
  plain,
  poolBody,
  rejection,
  startHarness,
  waitForTask,
  type Harness,
} from './helpers.js';

describe('ACK emulator: cluster lifecycle through pop-core', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.emu.close();
  });

  it('creates a managed cluster without workers, then a GPU node pool on its vSwitches registers 2 gn5 nodes', async () => {
    const created = await createCluster(h.cs, createBody());
    assert.match(created.cluster_id, /^c[0-9a-f]{32}$/);
    assert.match(created.task_id, /^T-[0-9a-f]{24}$/);
    assert.ok(created.request_id);

    const initial = await h.cs.get(`/clusters/${created.cluster_id}`, {}, { 'x-acs-action': 'DescribeClusterDetail' }, OPTS);
    assert.equal(initial.state, 'initial');

    const task = await waitForTask(h.cs, created.task_id);
    assert.equal(task.state, 'success');
    assert.equal(task.task_type, 'cluster_create');
    assert.equal(task.cluster_id, created.cluster_id);
    const names = task.stages.map((s: { outputs: { stage: string } }) => s.outputs.stage);
    assert.deepEqual(names, [
      'CreateVpc',
      'CreateSecurityGroup',
      'CreateNatGateway',
      'CreateApiServerSlb',
      'CreateControlPlane',
      'InitCluster',
    ]);
    for (const stage of task.stages) {
      assert.equal(stage.state, 'success');
      assert.ok(stage.start_time && stage.end_time && stage.message);
    }
    assert.equal(h.kube.added.length, 1);
    assert.equal(h.kube.added[0]?.nodes.length, 0, 'no workers yet');

    const running = await h.cs.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS);
    assert.equal(running.state, 'running');
    assert.equal(running.cluster_spec, 'ack.pro.small');
    assert.equal(running.vswitch_ids.length, 2, 'one vSwitch per zone in zone_ids');
    const vswitches = await h.vpc.request(
      'DescribeVSwitches',
      { RegionId: 'cn-hangzhou', VpcId: running.vpc_id },
      { method: 'POST', ...OPTS },
    );
    const zoneOf = new Map<string, string>(
      (vswitches.VSwitches.VSwitch as { VSwitchId: string; ZoneId: string }[]).map((v) => [v.VSwitchId, v.ZoneId]),
    );
    assert.deepEqual(
      running.vswitch_ids.map((id: string) => zoneOf.get(id)),
      ['cn-hangzhou-h', 'cn-hangzhou-i'],
    );

    const pool = await createNodePool(h.cs, created.cluster_id, poolBody([...running.vswitch_ids]));
    assert.match(pool.nodepool_id, /^np[0-9a-f]{32}$/);
    const poolTask = await waitForTask(h.cs, pool.task_id);
    assert.equal(poolTask.state, 'success');
    assert.equal(poolTask.task_type, 'nodepool_create');
    assert.deepEqual(
      poolTask.stages.map((s: { outputs: { stage: string } }) => s.outputs.stage),
      ['CreateScalingGroup', 'CreateEcsInstances', 'JoinNodes'],
    );
    assert.match(poolTask.stages[1].message, /2 x ecs\.gn5-c4g1\.xlarge/);
    const detailOfPool = await h.cs.get(`/clusters/${created.cluster_id}/nodepools/${pool.nodepool_id}`, {}, {}, OPTS);
    assert.equal(detailOfPool.status.state, 'active');
    assert.equal(detailOfPool.status.healthy_nodes, 2);
    assert.deepEqual(plain(detailOfPool.scaling_group.vswitch_ids), running.vswitch_ids);
    assert.equal(detailOfPool.scaling_group.multi_az_policy, 'PRIORITY');
    const byName = await h.cs.get(`/clusters/${created.cluster_id}/nodepools`, { NodepoolName: 'gpu' }, {}, OPTS);
    assert.deepEqual(
      byName.nodepools.map((p: { nodepool_info: { nodepool_id: string } }) => p.nodepool_info.nodepool_id),
      [pool.nodepool_id],
    );

    const nodes = h.kube.added[0]?.nodes ?? [];
    assert.equal(nodes.length, 2);
    for (const node of nodes) {
      assert.equal(node.instanceType, 'ecs.gn5-c4g1.xlarge');
      assert.equal(node.gpuCount, 1);
      assert.equal(node.gpuModel, 'Tesla P100-PCIE-16GB');
      assert.equal(node.zoneId, 'cn-hangzhou-h', 'PRIORITY: the first vSwitch zone takes every node it can');
      assert.equal(node.nodepoolId, pool.nodepool_id);
      assert.match(node.name, /^cn-hangzhou\.\d+\.\d+\.\d+\.\d+$/);
    }

    const detail = await h.cs.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS);
    assert.equal(detail.state, 'running');
    assert.equal(detail.size, 2);
    assert.equal(detail.zone_id, 'cn-hangzhou-h');
    assert.match(detail.vpc_id, /^vpc-/);
    assert.equal(detail.cluster_type, 'ManagedKubernetes');
    assert.deepEqual(plain(detail.tags), [{ key: 'created-by', value: 'gpubot' }]);
    assert.match(detail.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    const masterUrl = JSON.parse(detail.master_url);
    assert.equal(masterUrl.api_server_endpoint, 'https://127.0.0.1:16443');

    const kc = await h.cs.get(`/k8s/${created.cluster_id}/user_config`, {}, {}, OPTS);
    assert.match(kc.config, /server: https:\/\/127\.0\.0\.1:16443/);
    assert.ok(Date.parse(kc.expiration) > Date.now() + 365 * 24 * 3600_000);
    const short = await h.cs.get(`/k8s/${created.cluster_id}/user_config`, { TemporaryDurationMinutes: 60 }, {}, OPTS);
    assert.ok(Date.parse(short.expiration) < Date.now() + 61 * 60_000);

    const logs = await h.cs.get(`/clusters/${created.cluster_id}/logs`, {}, {}, OPTS);
    assert.ok(Array.isArray(logs) && logs.length > 5);
    assert.ok(logs.every((l: Record<string, unknown>) => 'ID' in l && 'cluster_log' in l && 'log_level' in l && 'created' in l));

    const del = await h.cs.delete(
      `/clusters/${created.cluster_id}`,
      { retain_all_resources: 'false', delete_options: JSON.stringify([{ resource_type: 'SLB', delete_mode: 'delete' }]) },
      { 'x-acs-action': 'DeleteCluster' },
      OPTS,
    );
    assert.equal(del.cluster_id, created.cluster_id);
    assert.ok(del.task_id && del.request_id);
    assert.deepEqual(h.kube.removed, [created.cluster_id]);
    const deleting = await h.cs.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS);
    assert.equal(deleting.state, 'deleting');
    const delTask = await waitForTask(h.cs, del.task_id);
    assert.equal(delTask.state, 'success');

    // ACK reports `deleted` for a while, then does not know the cluster any more.
    const deleted = await h.cs.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS);
    assert.equal(deleted.state, 'deleted');
    const again = await rejection(() => h.cs.delete(`/clusters/${created.cluster_id}`, {}, {}, OPTS));
    assert.equal(again.result.code, 'ErrorClusterNotFound');
    const deadline = Date.now() + 4000;
    let gone;
    while (!gone) {
      gone = await h.cs.get(`/clusters/${created.cluster_id}`, {}, {}, OPTS).then(
        () => undefined,
        (error: unknown) => error as { statusCode: number; result: Record<string, unknown> },
      );
      if (Date.now() > deadline) assert.fail('the deleted cluster is never forgotten');
    }
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.result.code, 'ErrorClusterNotFound');
    assert.equal(gone.result.status, 404);
    assert.ok(gone.result.requestId);
  });

  it('refuses a kubeconfig before the cluster runs', async () => {
    const created = await createCluster(h.cs, createBody({ name: 'not-yet' }));
    const err = await rejection(() => h.cs.get(`/k8s/${created.cluster_id}/user_config`, {}, {}, OPTS));
    assert.equal(err.statusCode, 400);
    assert.equal(err.result.code, 'ErrorClusterNotRunning');
    await waitForTask(h.cs, created.task_id);
  });

  it('lists clusters of a region with name filter and pagination', async () => {
    for (let i = 0; i < 12; i++) {
      await createCluster(
        h.cs,
        createBody({ name: `page-${String(i).padStart(2, '0')}`, zone_ids: ['cn-beijing-h'], region_id: 'cn-beijing' }),
      );
    }
    const first = await h.cs.get('/regions/cn-beijing/clusters', { name: 'page-' }, {}, OPTS);
    assert.equal(first.clusters.length, 10);
    assert.deepEqual(plain(first.page_info), { page_number: 1, page_size: 10, total_count: 12 });
    assert.equal(first.clusters[0].name, 'page-11');
    const second = await h.cs.get('/regions/cn-beijing/clusters', { name: 'page-', page_size: 10, page_number: 2 }, {}, OPTS);
    assert.deepEqual(
      second.clusters.map((c: { name: string }) => c.name),
      ['page-01', 'page-00'],
    );
    const one = await h.cs.get('/regions/cn-beijing/clusters', { name: 'PAGE-07', cluster_type: 'ManagedKubernetes' }, {}, OPTS);
    assert.equal(one.page_info.total_count, 1);
    const tooBig = await rejection(() => h.cs.get('/regions/cn-beijing/clusters', { page_size: 101 }, {}, OPTS));
    assert.equal(tooBig.statusCode, 400);
    const hz = await h.cs.get('/regions/cn-hangzhou/clusters', { name: 'page-' }, {}, OPTS);
    assert.equal(hz.page_info.total_count, 0);
  });

  it('reports quotas, and DescribeClustersV1 is decommissioned', async () => {
    const quota = await h.cs.get('/quota', {}, {}, OPTS);
    assert.equal(quota.cluster_quota, 50);
    assert.equal(quota.node_quota, 100);
    assert.equal(quota.cluster_nodepool_quota, 20);
    assert.equal(quota.amk_cluster_quota, 20);
    assert.equal(quota.ask_cluster_quota, 20);
    const entries: { operation_code: string; quota: string }[] = Object.values(
      plain<Record<string, { operation_code: string; quota: string }>>(quota.quotas),
    );
    assert.deepEqual(
      entries.map((e) => [e.operation_code, e.quota]),
      [['q_Kubernetes_Cluster', '50']],
    );
    assert.equal(quota.quotas.q_Kubernetes_Cluster, undefined, 'the key is not the code: clients must read operation_code');
    const v1 = await rejection(() => h.cs.get('/api/v1/clusters', {}, {}, OPTS));
    assert.equal(v1.statusCode, 400);
    assert.equal(v1.result.code, 'ErrorApiDecommissioned');
    const unknown = await rejection(() => h.cs.get('/no/such/route', {}, {}, OPTS));
    assert.equal(unknown.statusCode, 404);
    assert.ok(unknown.result.code);
  });

  it('keeps a deletion-protected cluster', async () => {
    const created = await createCluster(h.cs, createBody({ name: 'protected', deletion_protection: true }));
    const err = await rejection(() => h.cs.delete(`/clusters/${created.cluster_id}`, {}, {}, OPTS));
    assert.equal(err.statusCode, 400);
    assert.equal(err.result.code, 'ErrorDeletionProtection');
    const badOptions = await rejection(() =>
      h.cs.delete(`/clusters/${created.cluster_id}`, { delete_options: '[{"resource_type":"VPC"}]' }, {}, OPTS),
    );
    assert.equal(badOptions.result.code, 'InvalidParameter');
  });
});
