import type { V1IPBlock, V1NetworkPolicy } from '@kubernetes/client-node';
import { JUPYTER_PORT, LABEL_NOTEBOOK } from './notebook-labels.js';

/** ECS instance metadata: on ACK it hands out the worker node's RAM-role credentials. */
export const METADATA_ENDPOINT = '100.100.100.200';

function isIpv4(address: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address);
}

/**
 * NetworkPolicy cannot deny, only allow: egress allows "everything except" the metadata endpoint and
 * the API server's addresses (its Endpoints, its Service IP, the kubeconfig's server), one block per
 * address family. Ingress is the Jupyter port only.
 */
function egressBlocks(apiServerAddresses: readonly string[]): V1IPBlock[] {
  const addresses = [...new Set([METADATA_ENDPOINT, ...apiServerAddresses])];
  const v4 = addresses.filter(isIpv4).map((ip) => `${ip}/32`);
  const v6 = addresses.filter((ip) => ip.includes(':')).map((ip) => `${ip}/128`);
  return [
    { cidr: '0.0.0.0/0', except: v4 },
    { cidr: '::/0', ...(v6.length > 0 ? { except: v6 } : {}) },
  ];
}

/** The NetworkPolicy of one notebook: in only on Jupyter's port; out anywhere but the metadata endpoint and the API server. */
export function buildNotebookNetworkPolicy(
  name: string,
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> },
  apiServerAddresses: readonly string[],
): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata,
    spec: {
      podSelector: { matchLabels: { [LABEL_NOTEBOOK]: name } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: JUPYTER_PORT }] }],
      egress: [
        // Pods of the cluster (DNS first of all): some CNIs read 0.0.0.0/0 as "outside the cluster" only.
        { to: [{ namespaceSelector: {} }] },
        ...egressBlocks(apiServerAddresses).map((ipBlock) => ({ to: [{ ipBlock }] })),
      ],
    },
  };
}
