import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NetworkingV1Api, type V1Pod } from '@kubernetes/client-node';
import { startKubeEmulator, type KubeEmulator } from '../../../src/emulator/kube/index.js';
import { clientsFor, p100Node, TEST_TIME_SCALE, waitFor } from './helpers.js';

const NS = 'default';
const IMAGE = 'tensorflow/tensorflow:2.15.0-gpu-jupyter';

function claim(name: string, storage = '20Gi', storageClassName = 'alicloud-disk-topology-alltype') {
  return {
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], storageClassName, resources: { requests: { storage } } },
  };
}

function podWith(
  name: string,
  extra: { claimName?: string; nodeName?: string; command?: string[]; securityContext?: object },
): V1Pod {
  return {
    metadata: { name },
    spec: {
      ...(extra.nodeName ? { nodeName: extra.nodeName } : {}),
      ...(extra.securityContext ? { securityContext: extra.securityContext } : {}),
      containers: [
        {
          name: 'main',
          image: IMAGE,
          ...(extra.command ? { command: extra.command } : {}),
          ...(extra.claimName ? { volumeMounts: [{ name: 'work', mountPath: '/home/jovyan' }] } : {}),
        },
      ],
      ...(extra.claimName ? { volumes: [{ name: 'work', persistentVolumeClaim: { claimName: extra.claimName } }] } : {}),
    },
  };
}

describe('kube emulator: zonal disks, NetworkPolicy, pod security', () => {
  let emulator: KubeEmulator;
  let clients: ReturnType<typeof clientsFor>;
  let networking: NetworkingV1Api;

  before(async () => {
    emulator = await startKubeEmulator({ timeScale: TEST_TIME_SCALE });
    const east = { ...p100Node('gpu-h'), zoneId: 'cn-beijing-h' };
    const west = { ...p100Node('gpu-i'), zoneId: 'cn-beijing-i' };
    clients = clientsFor(emulator.addCluster({ clusterId: 'c-vol', nodes: [east, west] }).kubeconfig);
    networking = clients.kc.makeApiClient(NetworkingV1Api);
  });
  after(async () => {
    await emulator.close();
  });

  const podOf = (name: string) => clients.core.readNamespacedPod({ name, namespace: NS });
  const claimOf = (name: string) => clients.core.readNamespacedPersistentVolumeClaim({ name, namespace: NS });

  it('creates the disk in the zone of the node the pod lands on, and binds the claim to it', async () => {
    const { core } = clients;
    await core.createNamespacedPersistentVolumeClaim({ namespace: NS, body: claim('data') });
    assert.equal((await claimOf('data')).status?.phase, 'Pending', 'WaitForFirstConsumer: no disk before a pod');
    await core.createNamespacedPod({ namespace: NS, body: podWith('user', { claimName: 'data' }) });
    const pod = await waitFor('pod running', async () => {
      const p = await podOf('user');
      return p.status?.phase === 'Running' ? p : undefined;
    });
    const bound = await claimOf('data');
    assert.equal(bound.status?.phase, 'Bound');
    const volume = await core.readPersistentVolume({ name: bound.spec?.volumeName ?? '' });
    const node = await core.readNode({ name: pod.spec?.nodeName ?? '' });
    assert.match(volume.metadata?.name ?? '', /^d-/);
    assert.equal(volume.spec?.csi?.driver, 'diskplugin.csi.alibabacloud.com');
    assert.equal(
      volume.spec?.nodeAffinity?.required?.nodeSelectorTerms[0]?.matchExpressions?.[0]?.values?.[0],
      node.metadata?.labels?.['topology.kubernetes.io/zone'],
    );
  });

  it('schedules a later pod of that disk only in the disk zone', async () => {
    const { core } = clients;
    await core.deleteNamespacedPod({ name: 'user', namespace: NS });
    const zone = (await core.readPersistentVolume({ name: (await claimOf('data')).spec?.volumeName ?? '' })).metadata?.labels?.[
      'topology.kubernetes.io/zone'
    ];
    for (let i = 0; i < 3; i++) {
      await core.createNamespacedPod({ namespace: NS, body: podWith(`again-${i}`, { claimName: 'data' }) });
      const pod = await waitFor('scheduled', async () => {
        const p = await podOf(`again-${i}`);
        return p.spec?.nodeName ? p : undefined;
      });
      const node = await core.readNode({ name: pod.spec?.nodeName ?? '' });
      assert.equal(node.metadata?.labels?.['topology.kubernetes.io/zone'], zone);
      await core.deleteNamespacedPod({ name: `again-${i}`, namespace: NS });
    }
  });

  it('refuses to attach a zonal disk on a node of another zone', async () => {
    const { core } = clients;
    const disk = await core.readPersistentVolume({ name: (await claimOf('data')).spec?.volumeName ?? '' });
    const zone = disk.metadata?.labels?.['topology.kubernetes.io/zone'];
    const otherNode = zone === 'cn-beijing-h' ? 'gpu-i' : 'gpu-h';
    await core.createNamespacedPod({ namespace: NS, body: podWith('elsewhere', { claimName: 'data', nodeName: otherNode }) });
    const events = await waitFor('attach failure', async () => {
      const list = await core.listNamespacedEvent({ namespace: NS, fieldSelector: 'involvedObject.name=elsewhere' });
      const failed = list.items.filter((e) => e.reason === 'FailedAttachVolume');
      return failed.length > 0 ? failed : undefined;
    });
    assert.match(events[0]?.message ?? '', new RegExp(`disk d-\\w+ is in zone ${zone}; node ${otherNode} is in zone`));
    const pod = await podOf('elsewhere');
    assert.equal(pod.status?.containerStatuses?.[0]?.state?.waiting?.reason, 'ContainerCreating');
    await core.deleteNamespacedPod({ name: 'elsewhere', namespace: NS });
  });

  it('a pod whose claim is missing is unschedulable; a disk below 20Gi is not provisioned', async () => {
    const { core } = clients;
    await core.createNamespacedPod({ namespace: NS, body: podWith('orphan', { claimName: 'nope' }) });
    const pod = await waitFor('unschedulable', async () => {
      const p = await podOf('orphan');
      return p.status?.conditions?.some((c) => c.reason === 'Unschedulable') ? p : undefined;
    });
    assert.match(pod.status?.conditions?.[0]?.message ?? '', /persistentvolumeclaim "nope" not found/);
    await core.createNamespacedPersistentVolumeClaim({ namespace: NS, body: claim('tiny', '10Gi', 'alicloud-disk-essd') });
    const events = await waitFor('provisioning failed', async () => {
      const list = await core.listNamespacedEvent({ namespace: NS, fieldSelector: 'involvedObject.name=tiny' });
      return list.items.find((e) => e.reason === 'ProvisioningFailed');
    });
    assert.match(events.message ?? '', /disk size is not supported: 10Gi/);
  });

  it('deleting a claim deletes its disk (reclaim policy Delete)', async () => {
    const { core } = clients;
    const volumeName = (await claimOf('data')).spec?.volumeName ?? '';
    await core.deleteNamespacedPersistentVolumeClaim({ name: 'data', namespace: NS });
    await waitFor('volume gone', async () => {
      const volumes = await core.listPersistentVolume();
      return volumes.items.some((v) => v.metadata?.name === volumeName) ? undefined : true;
    });
  });

  it('mounts the API token unless the pod opts out', async () => {
    const { core } = clients;
    const withToken = await core.createNamespacedPod({ namespace: NS, body: podWith('token', {}) });
    assert.ok(withToken.spec?.volumes?.some((v) => v.name.startsWith('kube-api-access-') && v.projected));
    assert.equal(withToken.spec?.containers[0]?.volumeMounts?.[0]?.mountPath, '/var/run/secrets/kubernetes.io/serviceaccount');
    const body = podWith('no-token', {});
    const without = await core.createNamespacedPod({
      namespace: NS,
      body: { ...body, spec: { ...body.spec!, automountServiceAccountToken: false } },
    });
    assert.equal(without.spec?.volumes, undefined);
  });

  it('will not run a runAsNonRoot container as the image root user; Jupyter refuses root without --allow-root', async () => {
    const { core } = clients;
    await core.createNamespacedPod({ namespace: NS, body: podWith('nonroot', { securityContext: { runAsNonRoot: true } }) });
    const blocked = await waitFor('config error', async () => {
      const p = await podOf('nonroot');
      const waiting = p.status?.containerStatuses?.[0]?.state?.waiting;
      return waiting?.reason === 'CreateContainerConfigError' ? waiting : undefined;
    });
    assert.match(blocked.message ?? '', /^container has runAsNonRoot and image will run as root \(pod: "nonroot_default\(/);
    await core.createNamespacedPod({
      namespace: NS,
      body: podWith('rootjupyter', { command: ['sh', '-c', 'exec jupyter notebook --ip=0.0.0.0 --port=8888'] }),
    });
    const crashed = await waitFor('crash loop', async () => {
      const p = await podOf('rootjupyter');
      const status = p.status?.containerStatuses?.[0];
      return status?.state?.waiting?.reason === 'CrashLoopBackOff' ? status : undefined;
    });
    assert.equal(crashed.lastState?.terminated?.message, 'Running as root is not recommended. Use --allow-root to bypass.');
    assert.equal(crashed.ready, false);
  });

  it('a namespace enforcing the restricted Pod Security profile refuses a plain pod, and its Deployment reports FailedCreate', async () => {
    const { core, apps } = clients;
    await core.createNamespace({
      body: { metadata: { name: 'strict', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
    });
    await assert.rejects(
      core.createNamespacedPod({ namespace: 'strict', body: podWith('loose', {}) }),
      (error: { code?: number; body?: string }) =>
        error.code === 403 &&
        String(error.body).includes(
          'pods \\"loose\\" is forbidden: violates PodSecurity \\"restricted:latest\\": allowPrivilegeEscalation != false (container \\"main\\" must set securityContext.allowPrivilegeEscalation=false)',
        ),
    );
    const hardened = podWith('hardened', {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    });
    hardened.spec!.automountServiceAccountToken = false;
    hardened.spec!.containers[0]!.securityContext = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    await core.createNamespacedPod({ namespace: 'strict', body: hardened });
    await apps.createNamespacedDeployment({
      namespace: 'strict',
      body: {
        metadata: { name: 'loose-app' },
        spec: {
          selector: { matchLabels: { app: 'loose' } },
          template: { metadata: { labels: { app: 'loose' } }, spec: { containers: [{ name: 'main', image: IMAGE }] } },
        },
      },
    });
    const failed = await waitFor('FailedCreate', async () => {
      const events = await core.listNamespacedEvent({ namespace: 'strict' });
      return events.items.find((e) => e.reason === 'FailedCreate');
    });
    assert.match(
      failed.message ?? '',
      /^Error creating: pods "loose-app-\w+-" is forbidden: violates PodSecurity "restricted:latest": /,
    );
    assert.match(failed.message ?? '', /runAsNonRoot != true .*seccompProfile/);
  });

  it('validates NetworkPolicy ipBlocks: an except must lie strictly inside its cidr', async () => {
    const policy = (except: string[]) => ({
      metadata: { name: `np-${except.length}` },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except } }] }] },
    });
    const created = await networking.createNamespacedNetworkPolicy({ namespace: NS, body: policy(['10.1.0.0/16']) });
    assert.deepEqual(created.spec?.egress?.[0]?.to?.[0]?.ipBlock?.except, ['10.1.0.0/16']);
    await assert.rejects(
      networking.createNamespacedNetworkPolicy({ namespace: NS, body: policy(['10.1.0.0/16', '100.100.100.200/32']) }),
      (error: { code?: number; body?: string }) =>
        error.code === 422 && /must be a strict subset of `cidr`/.test(String(error.body)),
    );
  });
});
