import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiException, PatchStrategy, setHeaderOptions, type KubernetesObject, type V1ConfigMap } from '@kubernetes/client-node';
import { startKubeEmulator, type KubeEmulator } from '../../../src/emulator/kube/index.js';
import { clientsFor, p100Node, TEST_TIME_SCALE, waitFor } from './helpers.js';

async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiException, `expected ApiException, got ${String(error)}`);
    const raw: unknown = error.body;
    const body = (typeof raw === 'string' ? JSON.parse(raw) : (raw ?? {})) as Record<string, unknown>;
    return { code: error.code, body };
  }
  throw new Error('expected the call to fail');
}

describe('kube emulator REST API through client-node', () => {
  let emulator: KubeEmulator;
  let kubeconfig: string;
  let other: string;

  before(async () => {
    emulator = await startKubeEmulator({ timeScale: TEST_TIME_SCALE });
    kubeconfig = emulator.addCluster({ clusterId: 'c-one', nodes: [p100Node('node-a'), p100Node('node-b', 2)] }).kubeconfig;
    other = emulator.addCluster({ clusterId: 'c-two', nodes: [p100Node('node-z')] }).kubeconfig;
  });
  after(async () => {
    await emulator.close();
  });

  it('rejects a wrong token with a 401 Status', async () => {
    const { core } = clientsFor(kubeconfig.replace(/token: \S+/, 'token: not-a-real-token'));
    assert.equal((await apiError(core.listNode())).code, 401);
    // client-node drops the body of a 401, so read the Status over plain HTTP.
    const res = await fetch(`${emulator.url}/api/v1/nodes`, { headers: { Authorization: 'Bearer wrong' } });
    assert.equal(res.status, 401);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body['kind'], 'Status');
    assert.equal(body['reason'], 'Unauthorized');
    assert.equal(body['code'], 401);
  });

  it('names the context after the cluster and points at the emulator', () => {
    const { kc } = clientsFor(kubeconfig);
    assert.equal(kc.getCurrentContext(), 'c-one');
    assert.equal(kc.getCurrentCluster()?.server, emulator.url);
  });

  it('lists GPU nodes with ACK labels and nvidia.com/gpu capacity', async () => {
    const { core } = clientsFor(kubeconfig);
    const nodes = await core.listNode();
    assert.deepEqual(
      nodes.items.map((n) => n.metadata?.name),
      ['node-a', 'node-b'],
    );
    const b = nodes.items[1];
    assert.equal(b?.metadata?.labels?.['aliyun.accelerator/nvidia_name'], 'Tesla-P100-PCIE-16GB');
    assert.equal(b?.metadata?.labels?.['aliyun.accelerator/nvidia_count'], '2');
    assert.equal(b?.metadata?.labels?.['aliyun.accelerator/nvidia_mem'], '16384MiB');
    assert.equal(b?.metadata?.labels?.['node.kubernetes.io/instance-type'], 'ecs.gn5-c8g1.4xlarge');
    assert.equal(b?.metadata?.labels?.['topology.kubernetes.io/zone'], 'cn-beijing-h');
    assert.equal(b?.status?.allocatable?.['nvidia.com/gpu'], '2');
    assert.equal(b?.status?.capacity?.['cpu'], '16');
    assert.equal(b?.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.ok(b?.status?.nodeInfo?.kubeletVersion);
    const selected = await core.listNode({ labelSelector: 'aliyun.accelerator/nvidia_count=2' });
    assert.deepEqual(
      selected.items.map((n) => n.metadata?.name),
      ['node-b'],
    );
    const notB = await core.listNode({ labelSelector: 'kubernetes.io/hostname notin (node-b)' });
    assert.deepEqual(
      notB.items.map((n) => n.metadata?.name),
      ['node-a'],
    );
    emulator.setNodeReady('c-one', 'node-a', false);
    const a = await core.readNode({ name: 'node-a' });
    assert.equal(a.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'False');
    emulator.setNodeReady('c-one', 'node-a', true);
  });

  it('creates, reads, patches, replaces and deletes a secret', async () => {
    const { core } = clientsFor(kubeconfig);
    const created = await core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'jupyter-token', labels: { app: 'nb' } }, stringData: { token: 's3cret' } },
    });
    assert.equal(created.data?.['token'], Buffer.from('s3cret').toString('base64'));
    assert.equal(created.stringData, undefined);
    assert.ok(created.metadata?.uid && created.metadata.resourceVersion && created.metadata.creationTimestamp);

    const again = await apiError(
      core.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'jupyter-token' } } }),
    );
    assert.equal(again.code, 409);
    assert.equal(again.body['reason'], 'AlreadyExists');
    assert.equal(again.body['message'], 'secrets "jupyter-token" already exists');

    const list = await core.listNamespacedSecret({ namespace: 'default', labelSelector: 'app=nb' });
    assert.equal(list.items.length, 1);
    assert.ok(list.metadata?.resourceVersion);

    // client-node's generated patch methods default to JSON patch.
    const jsonPatched = await core.patchNamespacedSecret({
      name: 'jupyter-token',
      namespace: 'default',
      body: [{ op: 'add', path: '/metadata/labels/tier', value: 'gpu' }],
    });
    assert.equal(jsonPatched.metadata?.labels?.['tier'], 'gpu');
    const merged = await core.patchNamespacedSecret(
      { name: 'jupyter-token', namespace: 'default', body: { stringData: { extra: 'x' }, metadata: { labels: { tier: null } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.equal(merged.metadata?.labels?.['tier'], undefined);
    assert.equal(merged.data?.['extra'], Buffer.from('x').toString('base64'));
    assert.equal(merged.data?.['token'], Buffer.from('s3cret').toString('base64'));
    assert.ok(Number(merged.metadata?.resourceVersion) > Number(created.metadata?.resourceVersion));

    const stale = await apiError(core.replaceNamespacedSecret({ name: 'jupyter-token', namespace: 'default', body: created }));
    assert.equal(stale.code, 409);
    assert.equal(stale.body['reason'], 'Conflict');
    const replaced = await core.replaceNamespacedSecret({
      name: 'jupyter-token',
      namespace: 'default',
      body: { ...merged, data: { only: Buffer.from('y').toString('base64') } },
    });
    assert.deepEqual(Object.keys(replaced.data ?? {}), ['only']);

    await core.deleteNamespacedSecret({ name: 'jupyter-token', namespace: 'default' });
    const gone = await apiError(core.readNamespacedSecret({ name: 'jupyter-token', namespace: 'default' }));
    assert.equal(gone.code, 404);
    assert.equal(gone.body['reason'], 'NotFound');
    assert.deepEqual(gone.body['details'], { name: 'jupyter-token', kind: 'secrets' });
  });

  it('creates namespaces and refuses objects in a missing one', async () => {
    const { core } = clientsFor(kubeconfig);
    const names = (await core.listNamespace()).items.map((n) => n.metadata?.name);
    assert.ok(names.includes('default') && names.includes('kube-system'));
    await core.createNamespace({ body: { metadata: { name: 'gpubot' } } });
    assert.equal((await core.readNamespace({ name: 'gpubot' })).status?.phase, 'Active');
    const missing = await apiError(core.createNamespacedConfigMap({ namespace: 'nope', body: { metadata: { name: 'x' } } }));
    assert.equal(missing.code, 404);
  });

  it('gives a LoadBalancer service a cluster IP and, later, a documentation-range ingress IP', async () => {
    const { core } = clientsFor(kubeconfig);
    const svc = await core.createNamespacedService({
      namespace: 'default',
      body: {
        metadata: {
          name: 'nb',
          annotations: { 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-instance-charge-type': 'PayByCLCU' },
        },
        spec: { type: 'LoadBalancer', selector: { app: 'nb' }, ports: [{ port: 80, targetPort: 8888 }] },
      },
    });
    assert.match(svc.spec?.clusterIP ?? '', /^172\.21\.\d+\.\d+$/);
    assert.ok(svc.spec?.ports?.[0]?.nodePort);
    const ip = await waitFor('load balancer ip', async () => {
      const s = await core.readNamespacedService({ name: 'nb', namespace: 'default' });
      return s.status?.loadBalancer?.ingress?.[0]?.ip;
    });
    assert.match(ip, /^203\.0\.113\.\d+$/);
    const s = await core.readNamespacedService({ name: 'nb', namespace: 'default' });
    assert.equal(
      s.metadata?.annotations?.['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-instance-charge-type'],
      'PayByCLCU',
    );
    await core.deleteNamespacedService({ name: 'nb', namespace: 'default' });
  });

  it('supports generic apply through KubernetesObjectApi and server-side apply', async () => {
    const { objects, core } = clientsFor(kubeconfig);
    const cm: V1ConfigMap & KubernetesObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default' },
      data: { a: '1' },
    };
    await objects.create(cm);
    const read = await objects.read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings', namespace: 'default' },
    });
    assert.equal((read as V1ConfigMap).data?.['a'], '1');
    await objects.patch({ ...cm, data: { b: '2' } }, undefined, undefined, 'gpubot', true, PatchStrategy.ServerSideApply);
    const applied = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' });
    assert.deepEqual(applied.data, { a: '1', b: '2' });
    const fresh = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'applied', namespace: 'default' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'applied' } },
        template: { metadata: { labels: { app: 'applied' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
      },
    };
    await objects.patch(fresh, undefined, undefined, 'gpubot', true, PatchStrategy.ServerSideApply);
    const list = await objects.list('apps/v1', 'Deployment', 'default');
    assert.ok(list.items.some((d) => d.metadata?.name === 'applied'));
  });

  it('keeps clusters apart by token', async () => {
    const one = clientsFor(kubeconfig).core;
    const two = clientsFor(other).core;
    await two.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'only-in-two' } } });
    assert.deepEqual(
      (await two.listNode()).items.map((n) => n.metadata?.name),
      ['node-z'],
    );
    assert.equal((await apiError(one.readNamespacedConfigMap({ name: 'only-in-two', namespace: 'default' }))).code, 404);
    assert.ok(emulator.objects('c-two').some((o) => o.kind === 'ConfigMap' && o.name === 'only-in-two'));
    emulator.removeCluster('c-two');
    assert.equal((await apiError(two.listNode())).code, 401);
  });
});
