import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { startKubeEmulator, type KubeEmulator } from '../../../src/emulator/kube/index.js';
import { clientsFor, gpuDeployment, p100Node, TEST_TIME_SCALE, waitFor } from './helpers.js';

async function podsOf(core: CoreV1Api, app: string): Promise<V1Pod[]> {
  return (await core.listNamespacedPod({ namespace: 'default', labelSelector: `app=${app}` })).items;
}

async function eventsFor(core: CoreV1Api, name: string): Promise<string[]> {
  const events = await core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.name=${name}` });
  return events.items.map((e) => `${e.reason}: ${e.message}`);
}

describe('kube emulator controllers, scheduler and kubelet', () => {
  let emulator: KubeEmulator;
  let clients: ReturnType<typeof clientsFor>;

  before(async () => {
    emulator = await startKubeEmulator({ timeScale: TEST_TIME_SCALE });
    emulator.failImagePulls(/does-not-exist/);
    clients = clientsFor(emulator.addCluster({ clusterId: 'c-work', nodes: [p100Node('gpu-1'), p100Node('gpu-2')] }).kubeconfig);
  });
  after(async () => {
    await emulator.close();
  });

  it('turns a deployment into a running, ready pod on a GPU node', async () => {
    const { apps, core } = clients;
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body: gpuDeployment('nb1', 1) });
    assert.equal(created.metadata?.generation, 1);
    const pod = await waitFor('nb1 running', async () => {
      const p = (await podsOf(core, 'nb1'))[0];
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    assert.match(pod.metadata?.name ?? '', /^nb1-[a-z0-9]+-[a-z0-9]{5}$/);
    assert.equal(pod.metadata?.ownerReferences?.[0]?.kind, 'ReplicaSet');
    assert.ok(pod.spec?.nodeName?.startsWith('gpu-'));
    assert.equal(pod.status?.containerStatuses?.[0]?.ready, true);
    assert.equal(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
    assert.match(pod.status?.podIP ?? '', /^172\.20\./);
    assert.ok(pod.status?.hostIP);
    const reasons = await eventsFor(core, pod.metadata?.name ?? '');
    assert.ok(reasons.some((r) => r.startsWith('Scheduled: Successfully assigned default/')));
    assert.ok(reasons.includes('Pulling: Pulling image "tensorflow/tensorflow:2.15.0-gpu-jupyter"'));
    assert.ok(reasons.some((r) => r.startsWith('Pulled: Successfully pulled image')));
    assert.ok(reasons.includes('Started: Started container notebook'));
    const deploy = await waitFor('nb1 available', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'nb1', namespace: 'default' });
      return d.status?.readyReplicas === 1 ? d : undefined;
    });
    assert.equal(deploy.status?.availableReplicas, 1);
    assert.equal(deploy.status?.updatedReplicas, 1);
    assert.equal(deploy.status?.conditions?.find((c) => c.type === 'Available')?.status, 'True');
  });

  it('keeps a pod that asks for more GPUs than are free Pending until capacity frees', async () => {
    const { apps, core } = clients;
    await apps.createNamespacedDeployment({ namespace: 'default', body: gpuDeployment('hog', 1) });
    await waitFor('hog running', async () => ((await podsOf(core, 'hog'))[0]?.status?.phase === 'Running' ? true : undefined));
    await apps.createNamespacedDeployment({ namespace: 'default', body: gpuDeployment('late', 1) });
    const pending = await waitFor('late unschedulable', async () => {
      const p = (await podsOf(core, 'late'))[0];
      const c = p?.status?.conditions?.find((x) => x.type === 'PodScheduled');
      return c?.reason === 'Unschedulable' ? { p, c } : undefined;
    });
    assert.equal(pending.p?.status?.phase, 'Pending');
    assert.equal(pending.c.status, 'False');
    assert.equal(pending.c.message, '0/2 nodes are available: 2 Insufficient nvidia.com/gpu.');
    const events = await eventsFor(core, pending.p?.metadata?.name ?? '');
    assert.ok(events.includes('FailedScheduling: 0/2 nodes are available: 2 Insufficient nvidia.com/gpu.'));

    await apps.deleteNamespacedDeployment({ name: 'hog', namespace: 'default' });
    assert.equal((await podsOf(core, 'hog')).length, 0, 'deleting a deployment deletes its pods');
    const rs = await apps.listNamespacedReplicaSet({ namespace: 'default', labelSelector: 'app=hog' });
    assert.equal(rs.items.length, 0, 'and its replica sets');
    const running = await waitFor('late running', async () => {
      const p = (await podsOf(core, 'late'))[0];
      return p?.status?.phase === 'Running' ? p : undefined;
    });
    assert.ok(running.spec?.nodeName);
    await apps.deleteNamespacedDeployment({ name: 'late', namespace: 'default' });
  });

  it('does not schedule onto a node that is not Ready', async () => {
    const { apps, core } = clients;
    emulator.setNodeReady('c-work', 'gpu-2', false);
    await apps.createNamespacedDeployment({ namespace: 'default', body: gpuDeployment('blocked', 1) });
    const message = await waitFor('blocked unschedulable', async () => {
      const c = (await podsOf(core, 'blocked'))[0]?.status?.conditions?.find((x) => x.type === 'PodScheduled');
      return c?.reason === 'Unschedulable' ? c.message : undefined;
    });
    assert.equal(
      message,
      '0/2 nodes are available: 1 Insufficient nvidia.com/gpu, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.',
    );
    emulator.setNodeReady('c-work', 'gpu-2', true);
    const pod = await waitFor('blocked scheduled', async () => (await podsOf(core, 'blocked'))[0]?.spec?.nodeName);
    assert.equal(pod, 'gpu-2');
    await apps.deleteNamespacedDeployment({ name: 'blocked', namespace: 'default' });
  });

  it('reports ErrImagePull then ImagePullBackOff for an image that cannot be pulled', async () => {
    const { apps, core } = clients;
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: gpuDeployment('badimg', 0, 'registry.example/does-not-exist:1'),
    });
    const pod = await waitFor('ErrImagePull', async () => {
      const p = (await podsOf(core, 'badimg'))[0];
      return p?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ErrImagePull' ? p : undefined;
    });
    await waitFor('ImagePullBackOff', async () => {
      const p = (await podsOf(core, 'badimg'))[0];
      return p?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff' ? true : undefined;
    });
    const events = await eventsFor(core, pod.metadata?.name ?? '');
    assert.ok(events.some((e) => e.startsWith('Failed: Failed to pull image "registry.example/does-not-exist:1"')));
    assert.ok(events.includes('Failed: Error: ImagePullBackOff'));
    await apps.deleteNamespacedDeployment({ name: 'badimg', namespace: 'default' });
  });

  it('holds a container on CreateContainerConfigError until its secret exists', async () => {
    const { apps, core } = clients;
    const body = gpuDeployment('needs-secret', 0, 'busybox:1.36');
    const container = body.spec?.template.spec?.containers[0];
    assert.ok(container);
    container.env = [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'nb-token', key: 'token' } } }];
    await apps.createNamespacedDeployment({ namespace: 'default', body });
    const waiting = await waitFor('config error', async () => {
      const w = (await podsOf(core, 'needs-secret'))[0]?.status?.containerStatuses?.[0]?.state?.waiting;
      return w?.reason === 'CreateContainerConfigError' ? w : undefined;
    });
    assert.equal(waiting.message, 'secret "nb-token" not found');
    await core.createNamespacedSecret({
      namespace: 'default',
      body: { metadata: { name: 'nb-token' }, stringData: { token: 't' } },
    });
    await waitFor('running after secret', async () =>
      (await podsOf(core, 'needs-secret'))[0]?.status?.phase === 'Running' ? true : undefined,
    );
  });

  it('recreates a deleted pod and bumps generation when the template changes', async () => {
    const { apps, core } = clients;
    const [first] = await podsOf(core, 'needs-secret');
    const deleted = await core.deleteNamespacedPod({ name: first?.metadata?.name ?? '', namespace: 'default' });
    assert.ok(deleted.metadata?.deletionTimestamp);
    const replacement = await waitFor('replacement pod', async () => {
      const p = (await podsOf(core, 'needs-secret'))[0];
      return p && p.metadata?.name !== first?.metadata?.name ? p : undefined;
    });
    assert.ok(replacement.metadata?.name);
    const scaled = await apps.patchNamespacedDeployment({
      name: 'needs-secret',
      namespace: 'default',
      body: [{ op: 'replace', path: '/spec/replicas', value: 2 }],
    });
    assert.equal(scaled.metadata?.generation, 2);
    await waitFor('two pods', async () => ((await podsOf(core, 'needs-secret')).length === 2 ? true : undefined));
  });
});
