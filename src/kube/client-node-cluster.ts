import { CoreV1Api, type KubeConfig, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { ClientNodeNotebooks } from './notebook/client-node-notebooks.js';
import { call } from './notebook/map-kube-error.js';
import type { KubeCluster, KubeConnector, KubeNotebooks, NetworkPolicySupport, NodeInfo } from './port.js';
import { readNetworkPolicySupport } from './read-network-policy-support.js';
import { KUBE_REQUEST_TIMEOUT_MS, TimedKubeConfig } from './timed-kube-config.js';

const GPU = 'nvidia.com/gpu';

function isControlPlane(node: V1Node): boolean {
  const labels = node.metadata?.labels ?? {};
  return 'node-role.kubernetes.io/master' in labels || 'node-role.kubernetes.io/control-plane' in labels;
}

export function toNodeInfo(node: V1Node): NodeInfo {
  const labels = node.metadata?.labels ?? {};
  const ready = (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  const gpus = Number.parseInt(node.status?.allocatable?.[GPU] ?? '0', 10);
  const instanceType = labels['node.kubernetes.io/instance-type'] ?? labels['beta.kubernetes.io/instance-type'];
  const gpuModel = labels['aliyun.accelerator/nvidia_name'];
  const zone = labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'];
  return {
    name: node.metadata?.name ?? '',
    ready,
    allocatableGpus: Number.isFinite(gpus) ? gpus : 0,
    isWorker: !isControlPlane(node),
    ...(instanceType ? { instanceType } : {}),
    ...(gpuModel ? { gpuModel } : {}),
    ...(zone ? { zone } : {}),
  };
}

/** A pod that holds, or waits for, a GPU: any of its containers asks for `nvidia.com/gpu`. */
export function usesGpu(pod: V1Pod): boolean {
  if (pod.metadata?.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return containers.some((c) => Number(c.resources?.limits?.[GPU] ?? c.resources?.requests?.[GPU] ?? 0) > 0);
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * client-node refuses plain-http API servers unless TLS checks are off. A loopback http server (the
 * built-in or a local Kubernetes emulator) has no TLS to check, so allow it there and only there.
 */
function allowLoopbackHttp(kubeconfig: string, timeoutMs: number): KubeConfig {
  const config = new TimedKubeConfig(timeoutMs);
  config.loadFromString(kubeconfig);
  const clusters = config.clusters.map((cluster) => {
    const url = URL.canParse(cluster.server) ? new URL(cluster.server) : undefined;
    return url?.protocol === 'http:' && LOOPBACK.test(url.hostname) ? { ...cluster, skipTLSVerify: true } : cluster;
  });
  if (clusters.every((cluster, i) => cluster === config.clusters[i])) return config;
  const loopback = new TimedKubeConfig(timeoutMs);
  loopback.loadFromOptions({ clusters, users: config.users, contexts: config.contexts, currentContext: config.currentContext });
  return loopback;
}

/**
 * A KubeCluster backed by @kubernetes/client-node; the kubeconfig stays in this object's memory.
 * Every call's failure is mapped at this boundary (mapKubeError): retryable or not, never raw.
 */
export class ClientNodeCluster implements KubeCluster {
  protected readonly config: KubeConfig;
  protected readonly core: CoreV1Api;
  readonly notebooks: KubeNotebooks;

  constructor(kubeconfig: string, options: { timeoutMs?: number } = {}) {
    this.config = allowLoopbackHttp(kubeconfig, options.timeoutMs ?? KUBE_REQUEST_TIMEOUT_MS);
    this.core = this.config.makeApiClient(CoreV1Api);
    this.notebooks = new ClientNodeNotebooks(this.config);
  }

  networkPolicySupport(): Promise<NetworkPolicySupport> {
    return readNetworkPolicySupport(this.core);
  }

  async listNodes(): Promise<NodeInfo[]> {
    const list = await call('list nodes', () => this.core.listNode());
    return list.items.map(toNodeInfo);
  }

  async countGpuPods(): Promise<number> {
    const list = await call('list pods', () => this.core.listPodForAllNamespaces());
    return list.items.filter(usesGpu).length;
  }
}

export const clientNodeConnector: KubeConnector = {
  connect: (kubeconfig) => new ClientNodeCluster(kubeconfig),
};
