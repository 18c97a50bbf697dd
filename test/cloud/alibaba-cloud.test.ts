import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { buildCreateClusterBody } from '../../src/cloud/alibaba/build-create-cluster-body.js';
import { describePopError, mapCloudError } from '../../src/cloud/alibaba/map-cloud-error.js';
import { generateLoginPassword } from '../../src/cloud/alibaba/alibaba-cloud.js';
import type { CreateClusterSpec } from '../../src/cloud/port.js';
import { GpubotError } from '../../src/errors.js';
import { translate } from '../../src/i18n/translate.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { emulatedCloud } from '../support/emulated-cloud.js';

const GN5 = 'ecs.gn5-c4g1.xlarge';
const TAGS = [
  { key: 'gpubot.io/managed-by', value: 'gpubot' },
  { key: 'gpubot.io/owner', value: 'console:alice' },
  { key: 'gpubot.io/request', value: 'req-1' },
];

function spec(overrides: Partial<CreateClusterSpec> = {}): CreateClusterSpec {
  return {
    name: 'adapter-test',
    regionId: 'cn-hangzhou',
    clusterSpec: 'ack.pro.small',
    network: { kind: 'new', zoneIds: ['cn-hangzhou-h', 'cn-hangzhou-i'] },
    tags: TAGS,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<GpubotError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GpubotError, `expected a GpubotError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator({ timeScale: 5000 });
});
after(async () => {
  await emulator.close();
});
beforeEach(() => emulator.cloud.faults.clear());

describe('signing and credentials', () => {
  test('correctly signed ROA and RPC requests are accepted', async () => {
    const cloud = emulatedCloud(emulator);
    const quota = await cloud.getQuota();
    assert.ok(quota.clusters > 0);
    const stock = await cloud.instanceTypeStock('cn-hangzhou', GN5);
    assert.ok(stock.length > 0);
  });

  test('a wrong AccessKey secret is rejected as cloud.credentials, with a user message and no secret in it', async () => {
    const wrong = 'wrong-secret-0123456789abcdef';
    const cloud = emulatedCloud(emulator, { secret: wrong });
    for (const call of [cloud.getQuota(), cloud.instanceTypeStock('cn-hangzhou', GN5), cloud.listClusters('cn-hangzhou')]) {
      const error = await rejection(call);
      assert.equal(error.code, 'cloud.credentials');
      assert.equal(error.retryable, false);
      assert.ok(error.userMessage, 'a credentials error explains itself to the user');
      const said = translate('en', error.userMessage);
      assert.match(said, /ALIBABA_CLOUD_ACCESS_KEY_ID/);
      for (const secret of [wrong, emulator.cloud.credentials.accessKeySecret]) {
        assert.ok(!error.message.includes(secret), 'the secret is not in the error message');
        assert.ok(!said.includes(secret), 'the secret is not in the user message');
      }
    }
  });

  test('an unknown AccessKey id is rejected as cloud.credentials', async () => {
    const error = await rejection(emulatedCloud(emulator, { keyId: 'LTAIunknownkey000000' }).getQuota());
    assert.equal(error.code, 'cloud.credentials');
  });
});

describe('retries and error mapping', () => {
  test('throttling (twice) is retried and then succeeds', async () => {
    const retries: string[] = [];
    const cloud = emulatedCloud(emulator, { onRetry: (action, code) => retries.push(`${action}:${code}`) });
    const before = emulator.cloud.calls().DescribeUserQuota ?? 0;
    emulator.cloud.faults.inject({ api: 'DescribeUserQuota', fault: 'throttle', times: 2 });
    await cloud.getQuota();
    assert.equal((emulator.cloud.calls().DescribeUserQuota ?? 0) - before, 3);
    assert.deepEqual(retries, ['DescribeUserQuota:cloud.throttled', 'DescribeUserQuota:cloud.throttled']);
  });

  test('ECS throttling is retried too', async () => {
    emulator.cloud.faults.inject({ api: 'DescribeAvailableResource', fault: 'throttle', times: 2 });
    const stock = await emulatedCloud(emulator).instanceTypeStock('cn-hangzhou', GN5);
    assert.ok(stock.length > 0);
  });

  test('5xx (500 from the service, 503 from the gateway) is retried and then succeeds', async () => {
    const before = emulator.cloud.calls().DescribeClustersForRegion ?? 0;
    emulator.cloud.faults.inject({ api: 'DescribeClustersForRegion', fault: 'server-error', times: 2 });
    await emulatedCloud(emulator).listClusters('cn-hangzhou');
    assert.equal((emulator.cloud.calls().DescribeClustersForRegion ?? 0) - before, 3);
  });

  test('ECS 5xx (500 InternalError, 503 ServiceUnavailable) is retried: the RPC status is read from the response entry', async () => {
    const before = emulator.cloud.calls().DescribeAvailableResource ?? 0;
    emulator.cloud.faults.inject({ api: 'DescribeAvailableResource', fault: 'server-error', times: 2 });
    const stock = await emulatedCloud(emulator).instanceTypeStock('cn-hangzhou', GN5);
    assert.ok(stock.length > 0);
    assert.equal((emulator.cloud.calls().DescribeAvailableResource ?? 0) - before, 3);
  });

  test('persistent throttling gives up after the policy and stays retryable', async () => {
    emulator.cloud.faults.inject({ api: 'DescribeUserQuota', fault: 'throttle' });
    const error = await rejection(
      emulatedCloud(emulator, { retry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 } }).getQuota(),
    );
    assert.equal(error.code, 'cloud.throttled');
    assert.equal(error.retryable, true);
  });

  test('forbidden (ACK ErrorCheckAcl, ECS Forbidden.RAM) maps to cloud.forbidden and is not retried', async () => {
    const before = emulator.cloud.calls().DescribeUserQuota ?? 0;
    emulator.cloud.faults.inject({ api: 'DescribeUserQuota', fault: 'forbidden', times: 1 });
    const cs = await rejection(emulatedCloud(emulator).getQuota());
    assert.equal(cs.code, 'cloud.forbidden');
    assert.equal((emulator.cloud.calls().DescribeUserQuota ?? 0) - before, 1);
    assert.match(translate('en', cs.userMessage ?? assert.fail('no user message')), /RAM policy/);

    emulator.cloud.faults.inject({ api: 'DescribeAvailableResource', fault: 'forbidden', times: 1 });
    const ecs = await rejection(emulatedCloud(emulator).instanceTypeStock('cn-hangzhou', GN5));
    assert.equal(ecs.code, 'cloud.forbidden');
  });

  test('a synchronous quota or balance error maps to its own code', async () => {
    emulator.cloud.faults.inject({ api: 'DescribeAvailableResource', fault: 'insufficient-balance', times: 1 });
    assert.equal((await rejection(emulatedCloud(emulator).instanceTypeStock('cn-hangzhou', GN5))).code, 'cloud.balance');
    emulator.cloud.faults.inject({ api: 'DescribeAvailableResource', fault: 'quota', times: 1 });
    assert.equal((await rejection(emulatedCloud(emulator).instanceTypeStock('cn-hangzhou', GN5))).code, 'cloud.quota');
    // A stock-out is an answer, not an error: every zone reads as sold out.
    emulator.cloud.faults.inject({ api: 'DescribeAvailableResource', fault: 'stock-out', times: 1 });
    const soldOut = await emulatedCloud(emulator).instanceTypeStock('cn-hangzhou', GN5);
    assert.ok(soldOut.length > 0 && soldOut.every((zone) => !zone.available));
  });

  test('both error casings parse: ACK `code`/`message`, gateway and ECS `Code`/`Message`', () => {
    const lower = describePopError({
      statusCode: 400,
      result: { code: 'QuotaExceeded.Cluster', message: 'used up', requestId: 'r1' },
    });
    assert.deepEqual(lower, { code: 'QuotaExceeded.Cluster', message: 'used up', status: 400, requestId: 'r1' });
    const upper = describePopError({
      statusCode: 429,
      result: { Code: 'Throttling.User', Message: 'slow down', RequestId: 'r2' },
    });
    assert.deepEqual(upper, { code: 'Throttling.User', message: 'slow down', status: 429, requestId: 'r2' });
    const rpc = describePopError({ code: 'Forbidden.RAM', data: { Code: 'Forbidden.RAM', Message: 'no', RequestId: 'r3' } });
    assert.equal(rpc.code, 'Forbidden.RAM');
    assert.equal(mapCloudError('X', { statusCode: 429, result: { Code: 'Throttling.User' } }).code, 'cloud.throttled');
    assert.equal(mapCloudError('X', { statusCode: 400, result: { code: 'OperationDenied.NoStock' } }).code, 'cloud.stock');
    assert.equal(mapCloudError('X', { statusCode: 403, result: { Code: 'OperationDenied.NoStock' } }).code, 'cloud.stock');
    assert.equal(mapCloudError('X', { statusCode: 404, result: { code: 'ErrorClusterNotFound' } }).code, 'cloud.not_found');
    assert.equal(mapCloudError('X', { statusCode: 400, result: { Code: 'InsufficientBalance' } }).code, 'cloud.balance');
  });
});

describe('reads', () => {
  test('quota is parsed from DescribeUserQuota (quotas map first, then the flat fields)', async () => {
    emulator.cloud.setQuota({ clusters: 7, managedClusters: 5, nodesPerCluster: 30, nodePoolsPerCluster: 9 });
    try {
      assert.deepEqual(await emulatedCloud(emulator).getQuota(), {
        clusters: 7,
        managedClusters: 5,
        nodesPerCluster: 30,
        nodePoolsPerCluster: 9,
      });
    } finally {
      emulator.cloud.setQuota({ clusters: 50, managedClusters: 20, nodesPerCluster: 100, nodePoolsPerCluster: 20 });
    }
  });

  test('instanceTypeStock lists every zone with its status category and availability', async () => {
    const stock = await emulatedCloud(emulator).instanceTypeStock('cn-hangzhou', GN5);
    const byZone = Object.fromEntries(stock.map((zone) => [zone.zoneId, zone]));
    assert.deepEqual(byZone['cn-hangzhou-g'], { zoneId: 'cn-hangzhou-g', status: 'WithoutStock', available: false });
    assert.deepEqual(byZone['cn-hangzhou-k'], { zoneId: 'cn-hangzhou-k', status: 'ClosedWithStock', available: true });
    assert.deepEqual(byZone['cn-hangzhou-h'], { zoneId: 'cn-hangzhou-h', status: 'WithStock', available: true });
    for (const zone of stock) {
      assert.deepEqual(Object.keys(zone).sort(), ['available', 'status', 'zoneId']);
    }
  });
});

describe('CreateCluster and listing', () => {
  test('the body follows the 2026 API: the configured edition, zone_ids, no workers, SNAT, public endpoint, tags', () => {
    const body = buildCreateClusterBody(spec());
    assert.equal(body.cluster_type, 'ManagedKubernetes');
    assert.equal(body.cluster_spec, 'ack.pro.small');
    assert.deepEqual(body.zone_ids, ['cn-hangzhou-h', 'cn-hangzhou-i']);
    assert.equal(body.vpcid, undefined);
    assert.equal(body.snat_entry, true);
    assert.equal(body.endpoint_public_access, true);
    assert.deepEqual(body.tags, TAGS);
    // Workers come with CreateClusterNodePool once the vSwitches exist: no pool is declared here.
    assert.equal(body.nodepools, undefined);
    for (const deprecated of [
      'num_of_nodes',
      'worker_instance_types',
      'worker_system_disk_category',
      'worker_vswitch_ids',
      'login_password',
      'worker_instance_charge_type',
      'zone_id',
    ]) {
      assert.ok(!(deprecated in body), `no top-level ${deprecated}`);
    }
    assert.equal(buildCreateClusterBody(spec({ clusterSpec: 'ack.standard' })).cluster_spec, 'ack.standard');

    const existing = buildCreateClusterBody(
      spec({ network: { kind: 'existing', vpcId: 'vpc-1', vswitchIds: ['vsw-1', 'vsw-2'] } }),
    );
    assert.equal(existing.vpcid, 'vpc-1');
    assert.deepEqual(existing.vswitch_ids, ['vsw-1', 'vsw-2']);
    assert.equal(existing.zone_ids, undefined);
  });

  test('generated login passwords are long and use every character class ACK asks for', () => {
    const password = generateLoginPassword();
    assert.equal(password.length, 24);
    assert.match(password, /[A-Z]/);
    assert.match(password, /[a-z]/);
    assert.match(password, /[0-9]/);
    assert.match(password, /[^A-Za-z0-9]/);
    assert.notEqual(generateLoginPassword(), password);
  });

  test('the emulator (which rejects deprecated fields) accepts the create, in a new VPC and in an existing one', async () => {
    const cloud = emulatedCloud(emulator);
    const created = await cloud.createCluster(spec({ name: 'adapter-new-vpc' }));
    assert.match(created.clusterId, /^c/);
    assert.ok(created.taskId);
    const snapshot = emulator.cloud.clusters().find((c) => c.clusterId === created.clusterId) ?? assert.fail('not created');
    assert.equal(snapshot.clusterType, 'ManagedKubernetes');
    assert.equal(snapshot.clusterSpec, 'ack.pro.small');
    assert.equal(snapshot.zoneId, 'cn-hangzhou-h');
    assert.equal(snapshot.vswitchIds.length, 2, 'ACK made one vSwitch per zone');
    assert.equal(snapshot.snatEntry, true);
    assert.equal(snapshot.endpointPublicAccess, true);
    assert.deepEqual(snapshot.tags, TAGS);
    assert.deepEqual(snapshot.nodepools, []);

    const network = emulator.cloud.networks().find((n) => n.regionId === 'cn-hangzhou') ?? assert.fail('no default VPC');
    const vswitch = network.vswitches.find((v) => v.zoneId === 'cn-hangzhou-i') ?? assert.fail('no vSwitch');
    const inVpc = await cloud.createCluster(
      spec({ name: 'adapter-old-vpc', network: { kind: 'existing', vpcId: network.vpcId, vswitchIds: [vswitch.vswitchId] } }),
    );
    const second = emulator.cloud.clusters().find((c) => c.clusterId === inVpc.clusterId) ?? assert.fail('not created');
    assert.equal(second.vpcId, network.vpcId);
    assert.deepEqual(second.vswitchIds, [vswitch.vswitchId]);

    const ref = { regionId: 'cn-hangzhou', clusterId: created.clusterId };
    const detail = (await cloud.describeCluster(ref)) ?? assert.fail('no detail');
    assert.equal(detail.name, 'adapter-new-vpc');
    assert.equal(detail.clusterSpec, 'ack.pro.small');
    assert.deepEqual(detail.vswitchIds, snapshot.vswitchIds);
    assert.match(detail.securityGroupId ?? '', /^sg-/);
    assert.deepEqual(
      [...detail.tags].sort((a, b) => a.key.localeCompare(b.key)),
      TAGS,
    );
    // The listing (DescribeClustersForRegion) carries the same network: a create's wait needs no detail.
    const listed = (await cloud.listClusters('cn-hangzhou')).find((c) => c.clusterId === created.clusterId);
    assert.deepEqual(
      [listed?.vpcId, listed?.vswitchIds, listed?.securityGroupId],
      [detail.vpcId, detail.vswitchIds, detail.securityGroupId],
    );
    const task = await cloud.describeTask('cn-hangzhou', created.taskId ?? '');
    assert.equal(task.taskId, created.taskId);

    assert.equal(await cloud.deleteCluster(ref), true);
    assert.equal(await cloud.deleteCluster({ regionId: 'cn-hangzhou', clusterId: inVpc.clusterId }), true);
  });

  test('an unknown cluster reads as undefined and deleting it reports false', async () => {
    const cloud = emulatedCloud(emulator);
    const unknown = { regionId: 'cn-hangzhou', clusterId: 'c0000000000000000000000000000000' };
    assert.equal(await cloud.describeCluster(unknown), undefined);
    assert.equal(await cloud.deleteCluster(unknown), false);
  });

  test('listClusters walks every page (more than 50 clusters)', async () => {
    emulator.cloud.setQuota({ clusters: 200, managedClusters: 200 });
    const cloud = emulatedCloud(emulator);
    const before = (await cloud.listClusters('cn-beijing')).length;
    const ids = new Set<string>();
    for (let i = 0; i < 55; i += 1) {
      const created = await cloud.createCluster(
        spec({ name: `page-${i}`, regionId: 'cn-beijing', network: { kind: 'new', zoneIds: ['cn-beijing-g'] } }),
      );
      ids.add(created.clusterId);
    }
    const calls = emulator.cloud.calls().DescribeClustersForRegion ?? 0;
    const listed = await cloud.listClusters('cn-beijing');
    assert.equal(listed.length, before + 55);
    assert.equal(new Set(listed.map((c) => c.clusterId)).size, listed.length, 'no cluster listed twice');
    for (const id of ids) assert.ok(listed.some((c) => c.clusterId === id));
    assert.equal((emulator.cloud.calls().DescribeClustersForRegion ?? 0) - calls, 2, 'two pages of 50');
    assert.ok(listed.every((c) => c.regionId === 'cn-beijing'));
  });
});
