import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startKubeEmulator, type KubeEmulator } from '../../src/emulator/kube/index.js';
import { ClientNodeCluster } from '../../src/kube/client-node-cluster.js';
import { readApiServerAddresses } from '../../src/kube/notebook/read-api-server-addresses.js';
import { p100Node, TEST_TIME_SCALE } from '../emulator/kube/helpers.js';

let emulator: KubeEmulator;
let kubeconfig: string;
before(async () => {
  emulator = await startKubeEmulator({ timeScale: TEST_TIME_SCALE });
  kubeconfig = emulator.addCluster({ clusterId: 'c-obj', nodes: [p100Node('gpu-1')] }).kubeconfig;
});
after(async () => {
  await emulator.close();
});

test("the API server's addresses: its Endpoints and Service IP; a loopback kubeconfig server is not one a pod reaches", async () => {
  const config = new KubeConfig();
  config.loadFromString(kubeconfig);
  assert.deepEqual(await readApiServerAddresses(config.makeApiClient(CoreV1Api), config), ['192.168.0.1', '172.21.0.1']);
});

test('whether the cluster enforces NetworkPolicy is read from its network plugin', async () => {
  const support = (network?: { plugin: 'flannel' | 'terway'; networkPolicy?: boolean }) =>
    new ClientNodeCluster(
      emulator.addCluster({
        clusterId: `c-net-${network?.plugin ?? 'default'}-${String(network?.networkPolicy)}`,
        nodes: [],
        ...(network ? { network } : {}),
      }).kubeconfig,
    ).networkPolicySupport();
  assert.deepEqual(await support(), { plugin: 'flannel', enforced: false });
  assert.deepEqual(await support({ plugin: 'terway', networkPolicy: true }), { plugin: 'terway', enforced: true });
  assert.deepEqual(await support({ plugin: 'terway', networkPolicy: false }), { plugin: 'terway', enforced: false });
});

test('a notebooks namespace of an earlier gpubot gets the restricted Pod Security label, keeping its own labels', async () => {
  const config = new KubeConfig();
  config.loadFromString(kubeconfig);
  const core = config.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'old-notebooks', labels: { team: 'ml' } } } });
  const cluster = new ClientNodeCluster(kubeconfig);
  await cluster.notebooks.ensureNamespace('old-notebooks');
  await cluster.notebooks.ensureNamespace('new-notebooks');
  for (const name of ['old-notebooks', 'new-notebooks']) {
    const labels = (await core.readNamespace({ name })).metadata?.labels ?? {};
    assert.equal(labels['pod-security.kubernetes.io/enforce'], 'restricted', name);
    assert.equal(labels['app.kubernetes.io/managed-by'], 'gpubot', name);
  }
  assert.equal((await core.readNamespace({ name: 'old-notebooks' })).metadata?.labels?.['team'], 'ml');
});
