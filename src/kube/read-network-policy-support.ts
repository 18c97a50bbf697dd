import type { CoreV1Api } from '@kubernetes/client-node';
import { callOrMissing } from './notebook/map-kube-error.js';
import type { NetworkPolicySupport } from './port.js';

/**
 * Whether the cluster's network plugin enforces NetworkPolicy, read from the plugins' own
 * configuration in kube-system: Terway's `eni-config` says `disable_network_policy: "false"` when
 * its policy agent runs; Flannel (`kube-flannel-cfg`) never enforces it.
 */
export async function readNetworkPolicySupport(core: CoreV1Api): Promise<NetworkPolicySupport> {
  const terway = await callOrMissing('read eni-config', () =>
    core.readNamespacedConfigMap({ name: 'eni-config', namespace: 'kube-system' }),
  );
  if (terway) return { plugin: 'terway', enforced: terway.data?.['disable_network_policy'] === 'false' };
  const flannel = await callOrMissing('read kube-flannel-cfg', () =>
    core.readNamespacedConfigMap({ name: 'kube-flannel-cfg', namespace: 'kube-system' }),
  );
  if (flannel) return { plugin: 'flannel', enforced: false };
  return { plugin: 'unknown' };
}
