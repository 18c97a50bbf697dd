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
    this.added.push({ clusterId: spec.clusterId, nodes: [...spec.nodes] });
    return { kubeconfig: kubeconfigFor(spec.clusterId) };
  }

  /** Nodes of node pools created later join the cluster's entry. */
  addNodes(clusterId: string, nodes: EmulatedNodeSpec[]): void {
    const entry = this.added.find((a) => a.clusterId === clusterId);
    if (!entry) throw new Error(`no cluster ${clusterId} registered`);
    entry.nodes.push(...nodes);
  }

  /** Nodes of a pool that scaled in leave the cluster's entry. */
  removeNodes(clusterId: string, names: readonly string[]): void {
    const entry = this.added.find((a) => a.clusterId === clusterId);
    if (!entry) throw new Error(`no cluster ${clusterId} registered`);
    entry.nodes = entry.nodes.filter((node) => !names.includes(node.name));
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
  vpc: RpcClient;
}

export async function startHarness(opts: Partial<CloudEmulatorOptions> = {}): Promise<Harness> {
  const kube = new FakeKube();
  const emu = await startCloudEmulator({ timeScale: 5000, ...opts, kube });
  return { emu, kube, cs: roaClient(emu), ecs: rpcClient(emu), vpc: vpcClient(emu) };
}

export function roaClient(emu: CloudEmulator, override: Partial<ClientConfig> = {}): RoaClient {
  return new Core.ROAClient({ endpoint: emu.csEndpoint, apiVersion: '2015-12-15', ...emu.credentials, ...override });
}

export function rpcClient(emu: CloudEmulator, override: Partial<ClientConfig> = {}): RpcClient {
  return new Core.RPCClient({ endpoint: emu.ecsEndpoint, apiVersion: '2014-05-26', ...emu.credentials, ...override });
}

export function vpcClient(emu: CloudEmulator, endpoint = emu.vpcEndpoint): RpcClient {
  return new Core.RPCClient({ endpoint, apiVersion: '2016-04-28', ...emu.credentials });
}

export const JSON_HEADERS = { 'content-type': 'application/json', 'x-acs-action': 'CreateCluster' };
export const OPTS = { timeout: 5000 };

/** A node pool (CreateClusterNodePool body, or a `nodepools[]` item) of gn5 workers on the given vSwitches. */
export function poolBody(vswitchIds: string[], overrides: Record<string, unknown> = {}, name = 'gpu'): Record<string, unknown> {
  return {
    nodepool_info: { name },
    scaling_group: {
      instance_types: ['ecs.gn5-c4g1.xlarge'],
      vswitch_ids: vswitchIds,
      desired_size: 2,
      instance_charge_type: 'PostPaid',
      system_disk_category: 'cloud_ssd',
      system_disk_size: 120,
      login_password: 'Gpubot#2026x',
      ...overrides,
    },
    kubernetes_config: { runtime: 'containerd' },
  };
}

/** A current-style (2026) CreateCluster body: a managed cluster in a VPC ACK creates, without workers. */
export function createBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'gpubot-test',
    region_id: 'cn-hangzhou',
    cluster_type: 'ManagedKubernetes',
    profile: 'Default',
    cluster_spec: 'ack.pro.small',
    zone_ids: ['cn-hangzhou-h', 'cn-hangzhou-i'],
    snat_entry: true,
    endpoint_public_access: true,
    deletion_protection: false,
    tags: [{ key: 'created-by', value: 'gpubot' }],
    addons: [{ name: 'flannel' }],
    ...overrides,
  };
}

/** The default VPC of a region and its vSwitch in `zoneId`. */
export function defaultVswitch(emu: CloudEmulator, zoneId: string): { vpcId: string; vswitchId: string } {
  const regionId = zoneId.replace(/-[a-z]$/, '');
  const net = emu.networks().find((n) => n.regionId === regionId);
  const vsw = net?.vswitches.find((v) => v.zoneId === zoneId);
  if (!net || !vsw) throw new Error(`no default vSwitch in ${zoneId}`);
  return { vpcId: net.vpcId, vswitchId: vsw.vswitchId };
}

/** A cluster in an existing VPC with its workers declared inline (the vSwitches exist already). */
export function inlinePoolBody(
  emu: CloudEmulator,
  overrides: Record<string, unknown> = {},
  pool: Record<string, unknown> = {},
  zoneId = 'cn-hangzhou-h',
): Record<string, unknown> {
  const { vpcId, vswitchId } = defaultVswitch(emu, zoneId);
  return createBody({
    zone_ids: undefined,
    vpcid: vpcId,
    vswitch_ids: [vswitchId],
    nodepools: [poolBody([vswitchId], pool)],
    ...overrides,
  });
}

export async function createNodePool(
  cs: RoaClient,
  clusterId: string,
  body: Record<string, unknown>,
  prefix = '',
): Promise<{ nodepool_id: string; task_id: string; request_id: string }> {
  return cs.request(
    'POST',
    `${prefix}/clusters/${clusterId}/nodepools`,
    {},
    JSON.stringify(body),
    { ...JSON_HEADERS, 'x-acs-action': 'CreateClusterNodePool' },
    OPTS,
  );
}

/** Polls until the cluster reports `running`. */
export async function waitForRunning(cs: RoaClient, clusterId: string, timeoutMs = 4000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const detail = await cs.get(`/clusters/${clusterId}`, {}, {}, OPTS);
    if (detail.state === 'running') return detail;
    if (Date.now() > deadline) throw new Error(`cluster ${clusterId} still ${detail.state}`);
    await new Promise((r) => setTimeout(r, 10));
  }
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
