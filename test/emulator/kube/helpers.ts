import { Writable } from 'node:stream';
import {
  AppsV1Api,
  CoreV1Api,
  Exec,
  KubeConfig,
  KubernetesObjectApi,
  type V1Deployment,
  type V1Status,
} from '@kubernetes/client-node';
import type { EmulatedNodeSpec } from '../../../src/emulator/kube/index.js';

/** Fast enough that a 60 s image pull takes 100 ms. */
export const TEST_TIME_SCALE = 600;

export function p100Node(name: string, gpuCount = 1): EmulatedNodeSpec {
  return {
    name,
    instanceType: gpuCount > 1 ? 'ecs.gn5-c8g1.4xlarge' : 'ecs.gn5-c4g1.xlarge',
    gpuCount,
    gpuModel: 'Tesla P100-PCIE-16GB',
    gpuMemoryGiB: 16,
    cpu: gpuCount > 1 ? 16 : 4,
    memoryGiB: gpuCount > 1 ? 120 : 30,
    zoneId: 'cn-beijing-h',
  };
}

export function clientsFor(kubeconfig: string) {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    objects: KubernetesObjectApi.makeApiClient(kc),
    exec: new Exec(kc),
  };
}

/** Polls until `probe` returns a value, as product code polls the API (the emulator has no watch). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function gpuDeployment(name: string, gpus: number, image = 'tensorflow/tensorflow:2.15.0-gpu-jupyter'): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'notebook',
              image,
              ports: [{ containerPort: 8888 }],
              resources: { limits: { 'nvidia.com/gpu': String(gpus) } },
            },
          ],
        },
      },
    },
  };
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  status: V1Status;
}

export async function execIn(
  exec: Exec,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
): Promise<ExecResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString('utf8'));
        done();
      },
    });
  return new Promise<ExecResult>((resolve, reject) => {
    exec
      .exec(
        namespace,
        pod,
        container,
        command,
        sink((s) => (stdout += s)),
        sink((s) => (stderr += s)),
        null,
        false,
        (status) => {
          resolve({ stdout, stderr, status });
        },
      )
      .catch(reject);
  });
}
