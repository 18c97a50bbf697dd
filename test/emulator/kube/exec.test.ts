import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubeEmulator, type KubeEmulator } from '../../../src/emulator/kube/index.js';
import { clientsFor, execIn, gpuDeployment, p100Node, TEST_TIME_SCALE, waitFor } from './helpers.js';

const TF_CHECK = [
  'python',
  '-c',
  "from tensorflow.python.client import device_lib\nfor d in device_lib.list_local_devices(): print(f'{d.name}|{d.device_type}|{d.physical_device_desc}')",
];

describe('kube emulator exec over WebSocket', () => {
  let emulator: KubeEmulator;
  let clients: ReturnType<typeof clientsFor>;

  async function runningPod(app: string): Promise<string> {
    return waitFor(`${app} running`, async () => {
      const pods = await clients.core.listNamespacedPod({ namespace: 'default', labelSelector: `app=${app}` });
      const pod = pods.items[0];
      return pod?.status?.phase === 'Running' ? pod.metadata?.name : undefined;
    });
  }

  before(async () => {
    emulator = await startKubeEmulator({ timeScale: TEST_TIME_SCALE });
    clients = clientsFor(emulator.addCluster({ clusterId: 'c-exec', nodes: [p100Node('gpu-1', 2)] }).kubeconfig);
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: gpuDeployment('one', 1) });
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: gpuDeployment('cpu', 0, 'busybox:1.36') });
  });
  after(async () => {
    await emulator.close();
  });

  it('lists the CPU and the one GPU a 1-GPU pod has', async () => {
    const pod = await runningPod('one');
    const result = await execIn(clients.exec, 'default', pod, 'notebook', TF_CHECK);
    assert.equal(result.status.status, 'Success');
    assert.equal(
      result.stdout,
      '/device:CPU:0|CPU|\n' +
        '/device:GPU:0|GPU|device: 0, name: Tesla P100-PCIE-16GB, pci bus id: 0000:00:08.0, compute capability: 6.0\n',
    );
    assert.match(result.stderr, /Created device \/device:GPU:0/);
  });

  it('lists two GPUs for a 2-GPU pod, and nvidia-smi agrees', async () => {
    await clients.apps.deleteNamespacedDeployment({ name: 'one', namespace: 'default' });
    await clients.apps.createNamespacedDeployment({ namespace: 'default', body: gpuDeployment('two', 2) });
    const pod = await runningPod('two');
    const result = await execIn(clients.exec, 'default', pod, 'notebook', TF_CHECK);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      '/device:CPU:0|CPU|',
      '/device:GPU:0|GPU|device: 0, name: Tesla P100-PCIE-16GB, pci bus id: 0000:00:08.0, compute capability: 6.0',
      '/device:GPU:1|GPU|device: 1, name: Tesla P100-PCIE-16GB, pci bus id: 0000:00:09.0, compute capability: 6.0',
    ]);
    const smi = await execIn(clients.exec, 'default', pod, 'notebook', ['nvidia-smi', '-L']);
    assert.equal(smi.status.status, 'Success');
    assert.match(
      smi.stdout,
      /^GPU 0: Tesla P100-PCIE-16GB \(UUID: GPU-[0-9a-f-]{36}\)\nGPU 1: Tesla P100-PCIE-16GB \(UUID: GPU-[0-9a-f-]{36}\)\n$/,
    );
  });

  it('reports exit codes through the status channel', async () => {
    const pod = await runningPod('cpu');
    const smi = await execIn(clients.exec, 'default', pod, 'notebook', ['nvidia-smi', '-L']);
    assert.equal(smi.status.status, 'Failure');
    assert.equal(smi.status.reason, 'NonZeroExitCode');
    assert.equal(smi.status.details?.causes?.[0]?.message, '9');
    assert.match(smi.stdout, /NVIDIA-SMI has failed/);
    const missing = await execIn(clients.exec, 'default', pod, 'notebook', ['ls', '/']);
    assert.equal(missing.stderr, 'ls: command not found\n');
    assert.equal(missing.status.details?.causes?.[0]?.message, '127');
  });

  it('refuses exec into a pod that is not running', async () => {
    await clients.core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'stuck' },
        spec: { containers: [{ name: 'c', image: 'busybox', resources: { limits: { 'nvidia.com/gpu': '8' } } }] },
      },
    });
    // The WebSocket client rejects with an error event whose message carries the HTTP status.
    const failsWith = (code: number) => (err: unknown) => String((err as { message?: string }).message).includes(String(code));
    await assert.rejects(execIn(clients.exec, 'default', 'stuck', 'c', ['true']), failsWith(400));
    await assert.rejects(execIn(clients.exec, 'default', 'absent', 'c', ['true']), failsWith(404));
  });
});
