import type { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { callOrMissing } from './map-kube-error.js';

const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+)$/;
const LOOPBACK = /^(127\.|::1$)/;

/**
 * Every address at which a pod reaches the cluster's API server: the `kubernetes` Endpoints (what
 * kube-proxy translates the Service to, and what a NetworkPolicy sees), the Service's cluster IP,
 * and the kubeconfig's server when it is an IP (an internet or intranet API server endpoint).
 */
export async function readApiServerAddresses(core: CoreV1Api, config: KubeConfig): Promise<string[]> {
  const [endpoints, service] = await Promise.all([
    callOrMissing('read kubernetes endpoints', () => core.readNamespacedEndpoints({ name: 'kubernetes', namespace: 'default' })),
    callOrMissing('read kubernetes service', () => core.readNamespacedService({ name: 'kubernetes', namespace: 'default' })),
  ]);
  const fromEndpoints = (endpoints?.subsets ?? []).flatMap((subset) => (subset.addresses ?? []).map((a) => a.ip));
  const server = config.getCurrentCluster()?.server;
  const host = server && URL.canParse(server) ? new URL(server).hostname.replace(/^\[|\]$/g, '') : undefined;
  const addresses = [...fromEndpoints, ...(service?.spec?.clusterIPs ?? []), ...(host ? [host] : [])];
  return [...new Set(addresses.filter((ip) => IP.test(ip) && !LOOPBACK.test(ip)))];
}
