import type { CreateClusterSpec } from '../port.js';

/**
 * The CreateCluster body for the 2026 ACK API: a managed cluster of the configured edition and no
 * workers (top-level `worker_*` / `num_of_nodes` are rejected since 2026-07, and a node pool needs
 * vSwitch ids that do not exist yet when ACK creates the VPC). Workers come with
 * CreateClusterNodePool once the cluster runs.
 */
export function buildCreateClusterBody(spec: CreateClusterSpec): Record<string, unknown> {
  const network =
    spec.network.kind === 'existing'
      ? { vpcid: spec.network.vpcId, vswitch_ids: [...spec.network.vswitchIds] }
      : { zone_ids: [...spec.network.zoneIds] };
  return {
    name: spec.name,
    region_id: spec.regionId,
    cluster_type: 'ManagedKubernetes',
    profile: 'Default',
    cluster_spec: spec.clusterSpec,
    ...(spec.kubernetesVersion ? { kubernetes_version: spec.kubernetesVersion } : {}),
    ...network,
    service_cidr: '172.21.0.0/20',
    snat_entry: true,
    endpoint_public_access: true,
    deletion_protection: false,
    ...networkPluginFields(spec),
    addons: [
      ...cniAddons(spec),
      { name: 'csi-plugin' },
      { name: 'csi-provisioner' },
      { name: 'nginx-ingress-controller', disabled: true },
    ],
    tags: spec.tags.map((tag) => ({ key: tag.key, value: tag.value })),
  };
}

/**
 * Terway gives pods addresses from their own vSwitches (`pod_vswitch_ids`, no container CIDR) and,
 * with `"NetworkPolicy":"true"` in its addon config, enforces NetworkPolicy. Flannel needs the pod
 * CIDR and enforces none.
 */
function networkPluginFields(spec: CreateClusterSpec): Record<string, unknown> {
  const plugin = spec.networkPlugin ?? { kind: 'flannel' };
  return plugin.kind === 'terway' ? { pod_vswitch_ids: [...plugin.podVswitchIds] } : { container_cidr: '172.20.0.0/16' };
}

function cniAddons(spec: CreateClusterSpec): { name: string; config?: string }[] {
  if (spec.networkPlugin?.kind !== 'terway') return [{ name: 'flannel' }];
  return [{ name: 'terway-eniip', config: JSON.stringify({ IPVlan: 'false', NetworkPolicy: 'true', ENITrunking: 'false' }) }];
}
