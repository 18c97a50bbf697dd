import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterRef } from '../../src/cloud/port.js';
import { createClusterConnections } from '../../src/jobs/cluster-connections.js';
import type { KubeCluster, KubeConnector } from '../../src/kube/port.js';

/** A cloud that counts kubeconfig fetches, and a connector that remembers what it was given. */
function fixture(failFirst = false) {
  let clock = 0;
  const fetched: string[] = [];
  const cloud = {
    async getKubeconfig(ref: ClusterRef) {
      fetched.push(ref.clusterId);
      if (failFirst && fetched.length === 1) throw new Error('ErrorClusterNotRunning');
      return `kubeconfig of ${ref.clusterId} #${fetched.length}`;
    },
  };
  const kube: KubeConnector = { connect: (kubeconfig) => ({ kubeconfig }) as unknown as KubeCluster };
  const connections = createClusterConnections({ cloud, kube, now: () => clock, ttlMs: 1000, maxClusters: 2 });
  return { connections, fetched, advance: (ms: number) => (clock += ms) };
}

const ref = (clusterId: string): ClusterRef => ({ regionId: 'cn-hangzhou', clusterId });
const configOf = async (cluster: Promise<KubeCluster>) => ((await cluster) as unknown as { kubeconfig: string }).kubeconfig;

test('one fetch per cluster while fresh, shared by concurrent callers; a new one after the TTL', async () => {
  const { connections, fetched, advance } = fixture();
  const [a, b] = await Promise.all([configOf(connections.connect(ref('c1'))), configOf(connections.connect(ref('c1')))]);
  assert.equal(a, 'kubeconfig of c1 #1');
  assert.equal(b, a);
  advance(999);
  assert.equal(await configOf(connections.connect(ref('c1'))), 'kubeconfig of c1 #1');
  advance(1);
  assert.equal(await configOf(connections.connect(ref('c1'))), 'kubeconfig of c1 #2');
  assert.deepEqual(fetched, ['c1', 'c1']);
});

test('forget drops a cluster; a failed fetch is not kept; the least recently used cluster goes first', async () => {
  const { connections, fetched } = fixture(true);
  await assert.rejects(connections.connect(ref('c1')), /ErrorClusterNotRunning/);
  assert.equal(await configOf(connections.connect(ref('c1'))), 'kubeconfig of c1 #2');
  connections.forget('c1');
  await connections.connect(ref('c1'));
  await connections.connect(ref('c2'));
  await connections.connect(ref('c1'));
  await connections.connect(ref('c3')); // evicts c2, the least recently used
  await connections.connect(ref('c1'));
  await connections.connect(ref('c2'));
  assert.deepEqual(fetched, ['c1', 'c1', 'c1', 'c2', 'c3', 'c2']);
});
