import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ClusterRef } from '../../src/cloud/port.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { emulatedCloud } from '../support/emulated-cloud.js';

/**
 * Node-pool scaling through the Alibaba adapter and the real SDK against the emulator:
 * ScaleClusterNodePool adds `count` nodes, DescribeClusterNodes names each node's instance,
 * RemoveNodePoolNodes (instance ids as a JSON array in the query) drains and removes exactly
 * those, and the Kubernetes API sees the nodes come and go.
 */
const GN5 = 'ecs.gn5-c4g1.xlarge';
let emulator: Emulator;

before(async () => {
  emulator = await startEmulator({ timeScale: 5000 });
});
after(async () => {
  await emulator.close();
});

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

const kubeNodes = (clusterId: string) =>
  emulator.kube
    .objects(clusterId)
    .filter((o) => o.kind === 'Node')
    .map((o) => o.name)
    .sort();

test('scale a node pool out by a count, then remove chosen nodes by instance id', { timeout: 60_000 }, async () => {
  const cloud = emulatedCloud(emulator);
  const { clusterId } = await cloud.createCluster({
    name: 'scaling',
    regionId: 'cn-hangzhou',
    clusterSpec: 'ack.pro.small',
    network: { kind: 'new', zoneIds: ['cn-hangzhou-h', 'cn-hangzhou-i'] },
    tags: [{ key: 'gpubot.io/managed-by', value: 'gpubot' }],
  });
  const ref: ClusterRef = { regionId: 'cn-hangzhou', clusterId };
  const detail = await eventually(async () => {
    const d = await cloud.describeCluster(ref);
    return d?.state === 'running' ? d : undefined;
  }, 'running');
  const { nodepoolId } = await cloud.createNodePool(ref, {
    name: 'gpu',
    instanceType: GN5,
    desiredSize: 1,
    systemDiskCategory: 'cloud_ssd',
    vswitchIds: detail.vswitchIds ?? [],
    tags: [],
  });
  const active = (size: number) =>
    eventually(async () => {
      const pool = await cloud.describeNodePool(ref, nodepoolId);
      return pool?.state === 'active' && pool.healthyNodes === size ? pool : undefined;
    }, `active with ${size}`);
  await active(1);

  const out = await cloud.scaleOutNodePool(ref, nodepoolId, 2);
  assert.ok(out.taskId, 'a task to follow');
  const scaling = await cloud.describeNodePool(ref, nodepoolId);
  assert.equal(scaling?.desiredSize, 3);
  const grown = await active(3);
  assert.equal(grown.desiredSize, 3);
  const task = await cloud.describeTask('cn-hangzhou', out.taskId ?? '');
  assert.equal(task.state, 'success');
  const nodes = await cloud.listPoolNodes(ref, nodepoolId);
  assert.equal(nodes.length, 3);
  assert.deepEqual(nodes.map((n) => n.nodeName).sort(), kubeNodes(clusterId));
  assert.ok(nodes.every((n) => /^i-[0-9a-f]{20}$/.test(n.instanceId)));

  const [keep, ...leaving] = nodes;
  const removed = await cloud.removeNodePoolNodes(
    ref,
    nodepoolId,
    leaving.map((n) => n.instanceId),
  );
  assert.ok(removed.taskId);
  const shrunk = await active(1);
  assert.equal(shrunk.desiredSize, 1);
  assert.deepEqual(
    (await cloud.listPoolNodes(ref, nodepoolId)).map((n) => n.nodeName),
    [keep?.nodeName],
  );
  assert.deepEqual(kubeNodes(clusterId), [keep?.nodeName]);
  const removal = emulator.cloud.journal().filter((e) => e.action === 'RemoveNodePoolNodes');
  assert.equal(removal.length, 1);

  await assert.rejects(cloud.removeNodePoolNodes(ref, nodepoolId, ['i-00000000000000000000']), /not nodes of node pool/);
  await assert.rejects(cloud.scaleOutNodePool(ref, nodepoolId, 0), /count/);
  assert.equal((await cloud.describeNodePool(ref, nodepoolId))?.desiredSize, 1, 'refused calls change nothing');
});
