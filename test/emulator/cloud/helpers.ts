/* eslint-disable @typescript-eslint/no-explicit-any -- raw OpenAPI answers, read field by field in assertions */
import { createRequire } from 'node:module';
import {
  startCloudEmulator,
  type CloudEmulator,
  type CloudEmulatorOptions,
  type EmulatedNodeSpec,
  type KubeRegistry,
} from '../../../src/emulator/cloud/index.js';

/** The slice of pop-core's ROAClient the tests use (its bundled typings only describe RPCClient). */
export interface RoaClient {
  request(
    method: string,
    path: string,
    query?: Record<string, unknown>,
    body?: string,
    headers?: Record<string, string>,
    opts?: Record<string, unknown>,
  ): Promise<any>;
  get(
    path: string,
    query?: Record<string, unknown>,
    headers?: Record<string, string>,
    opts?: Record<string, unknown>,
  ): Promise<any>;
  delete(
    path: string,
    query?: Record<string, unknown>,
    headers?: Record<string, string>,
    opts?: Record<string, unknown>,
  ): Promise<any>;
}
export interface RpcClient {
  request(action: string, params: Record<string, unknown>, opts?: Record<string, unknown>): Promise<any>;
}
interface ClientConfig {
  endpoint: string;
  apiVersion: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

const require = createRequire(import.meta.url);
const Core = require('@alicloud/pop-core') as {
  ROAClient: new (config: ClientConfig) => RoaClient;
  RPCClient: new (config: ClientConfig) => RpcClient;
};

export class FakeKube implements KubeRegistry {
  readonly added: { clusterId: string; nodes: EmulatedNodeSpec[] }[] = [];
  readonly removed: string[] = [];

  addCluster(spec: { clusterId: string; nodes: EmulatedNodeSpec[] }): { kubeconfig: string } {
    this.added.push(spec);
    return { kubeconfig: kubeconfigFor(spec.clusterId) };
  }

  removeCluster(clusterId: string): void {
    this.removed.push(clusterId);
  }
}

export function kubeconfigFor(clusterId: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${clusterId}`,
    '  cluster:',
    '    server: https://127.0.0.1:16443',
    'users:',
    '- name: admin',
    '  user:',
    '    token: fake-token',
    'contexts:',
    `- name: ${clusterId}`,
    '  context:',
    `    cluster: ${clusterId}`,
    '    user: admin',
    `current-context: ${clusterId}`,
    '',
  ].join('\n');
}

export interface Harness {
  emu: CloudEmulator;
  kube: FakeKube;
  cs: RoaClient;
  ecs: RpcClient;
}

export async function startHarness(opts: Partial<CloudEmulatorOptions> = {}): Promise<Harness> {
  const kube = new FakeKube();
  const emu = await startCloudEmulator({ timeScale: 5000, ...opts, kube });
  return { emu, kube, cs: roaClient(emu), ecs: rpcClient(emu) };
}

export function roaClient(emu: CloudEmulator, override: Partial<ClientConfig> = {}): RoaClient {
  return new Core.ROAClient({ endpoint: emu.csEndpoint, apiVersion: '2015-12-15', ...emu.credentials, ...override });
}

export function rpcClient(emu: CloudEmulator, override: Partial<ClientConfig> = {}): RpcClient {
  return new Core.RPCClient({ endpoint: emu.ecsEndpoint, apiVersion: '2014-05-26', ...emu.credentials, ...override });
}

export const JSON_HEADERS = { 'content-type': 'application/json', 'x-acs-action': 'CreateCluster' };
export const OPTS = { timeout: 5000 };

/** A current-style (2026) CreateCluster body: managed cluster, workers in one node pool. */
export function createBody(overrides: Record<string, unknown> = {}, pool: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'gpubot-test',
    region_id: 'cn-hangzhou',
    cluster_type: 'ManagedKubernetes',
    profile: 'Default',
    cluster_spec: 'ack.standard',
    zone_ids: ['cn-hangzhou-h'],
    snat_entry: true,
    endpoint_public_access: true,
    deletion_protection: false,
    tags: [{ key: 'created-by', value: 'gpubot' }],
    addons: [{ name: 'flannel' }],
    nodepools: [
      {
        nodepool_info: { name: 'gpu' },
        scaling_group: {
          instance_types: ['ecs.gn5-c4g1.xlarge'],
          desired_size: 2,
          instance_charge_type: 'PostPaid',
          system_disk_category: 'cloud_ssd',
          system_disk_size: 120,
          login_password: 'Gpubot#2026x',
          ...pool,
        },
        kubernetes_config: { runtime: 'containerd' },
      },
    ],
    ...overrides,
  };
}

export async function createCluster(
  cs: RoaClient,
  body: Record<string, unknown>,
): Promise<{ cluster_id: string; task_id: string; request_id: string }> {
  return cs.request('POST', '/clusters', {}, JSON.stringify(body), JSON_HEADERS, OPTS);
}

/** Polls a task until it leaves `running`. */
export async function waitForTask(cs: RoaClient, taskId: string, timeoutMs = 4000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await cs.get(`/tasks/${taskId}`, {}, {}, OPTS);
    if (task.state !== 'running') return task;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still running`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Runs `fn` expecting pop-core to throw; returns the error. */
export async function rejection(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** pop-core parses with json-bigint, which builds null-prototype objects; deepEqual wants plain ones. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
