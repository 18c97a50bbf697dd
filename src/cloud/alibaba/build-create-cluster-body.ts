import type { CreateClusterSpec } from '../port.js';

/**
 * The CreateCluster body for the 2026 ACK API: a managed cluster whose workers are declared in a
 * node pool (top-level `worker_*` / `num_of_nodes` are rejected since 2026-07).
 */
export function buildCreateClusterBody(spec: CreateClusterSpec, loginPassword: string): Record<string, unknown> {
  const network = spec.vpcId ? { vpcid: spec.vpcId, vswitch_ids: [...(spec.vswitchIds ?? [])] } : { zone_ids: [spec.zoneId] };
  return {
    name: spec.name,
    region_id: spec.regionId,
    cluster_type: 'ManagedKubernetes',
    profile: 'Default',
    cluster_spec: 'ack.standard',
    ...(spec.kubernetesVersion ? { kubernetes_version: spec.kubernetesVersion } : {}),
    ...network,
    container_cidr: '172.20.0.0/16',
    service_cidr: '172.21.0.0/20',
    snat_entry: true,
    endpoint_public_access: true,
    deletion_protection: false,
    addons: [
      { name: 'flannel' },
      { name: 'csi-plugin' },
      { name: 'csi-provisioner' },
      { name: 'nginx-ingress-controller', disabled: true },
    ],
    tags: spec.tags.map((tag) => ({ key: tag.key, value: tag.value })),
    nodepools: [
      {
        nodepool_info: { name: 'gpu-workers', type: 'ess' },
        scaling_group: {
          instance_types: [spec.instanceType],
          ...(spec.vswitchIds && spec.vswitchIds.length > 0 ? { vswitch_ids: [...spec.vswitchIds] } : {}),
          desired_size: spec.workerCount,
          instance_charge_type: 'PostPaid',
          system_disk_category: spec.systemDiskCategory,
          system_disk_size: 120,
          login_password: loginPassword,
          tags: spec.tags.map((tag) => ({ key: tag.key, value: tag.value })),
        },
        kubernetes_config: { runtime: 'containerd' },
      },
    ],
  };
}
