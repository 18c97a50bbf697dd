import { admitObject } from './admit-object.js';
import type { ObjectStore } from './object-store.js';
import { R } from './resources.js';
import type { EmulatedNetwork, KubeObject } from './types.js';

/** The network plugin's configuration, where ACK's addons keep it (Terway: eni-config; Flannel: kube-flannel-cfg). */
function networkConfig(network: EmulatedNetwork): KubeObject {
  const metadata = { namespace: 'kube-system' };
  if (network.plugin === 'terway') {
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { ...metadata, name: 'eni-config' },
      data: {
        eni_conf: JSON.stringify({ version: '1', max_pool_size: 5, min_pool_size: 0, ipam_type: 'crd' }),
        disable_network_policy: network.networkPolicy ? 'false' : 'true',
      },
    };
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { ...metadata, name: 'kube-flannel-cfg', labels: { app: 'flannel', tier: 'node' } },
    data: { 'net-conf.json': JSON.stringify({ Network: '172.20.0.0/16', Backend: { Type: 'ali-vpc' } }) },
  };
}

/** Where the `kubernetes` Service leads: the API server's intranet address, as ACK reports it. */
export const API_SERVER_ADDRESS = '192.168.0.1';
export const DISK_PROVISIONER = 'diskplugin.csi.alibabacloud.com';

/**
 * The objects an ACK cluster has from the start besides namespaces: the API server's Service and
 * Endpoints, and ACK's disk StorageClasses (the topology ones create a disk where the pod lands).
 */
export function createClusterFixtures(store: ObjectStore, network: EmulatedNetwork): void {
  store.create(R.configmaps, networkConfig(network));
  store.create(
    R.services,
    admitObject(store, R.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: '172.21.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    }),
  );
  store.create(R.endpoints, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: API_SERVER_ADDRESS }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  });
  const classes: [string, string, 'Immediate' | 'WaitForFirstConsumer'][] = [
    ['alicloud-disk-topology-alltype', 'cloud_essd,cloud_ssd,cloud_efficiency', 'WaitForFirstConsumer'],
    ['alicloud-disk-essd', 'cloud_essd', 'Immediate'],
    ['alicloud-disk-ssd', 'cloud_ssd', 'Immediate'],
    ['alicloud-disk-efficiency', 'cloud_efficiency', 'Immediate'],
  ];
  for (const [name, type, volumeBindingMode] of classes) {
    store.create(R.storageclasses, {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name },
      provisioner: DISK_PROVISIONER,
      parameters: { type, fstype: 'ext4' },
      reclaimPolicy: 'Delete',
      volumeBindingMode,
      allowVolumeExpansion: true,
    });
  }
}
