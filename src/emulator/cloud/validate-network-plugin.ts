import { businessError } from './api-errors.js';
import { invalid, missing, optStringArray, type Json } from './json-fields.js';
import type { EmulatorState } from './state.js';

/** The cluster's network plugin as CreateCluster chose it (what the cluster's kube-system then shows). */
export interface NetworkPluginChoice {
  plugin: 'flannel' | 'terway';
  /** Terway only: its NetworkPolicy agent, from the addon's config. */
  networkPolicy: boolean;
  podVswitchIds: string[];
}

const CNI_ADDONS = ['flannel', 'terway-eniip', 'terway-eni'];

/**
 * The addons' network plugin, checked as ACK does: exactly one CNI; Terway's config is a JSON string
 * whose `NetworkPolicy` is "true" or "false"; Terway in an existing VPC needs `pod_vswitch_ids` of
 * that VPC, not the node vSwitches, with one in the zone of every node vSwitch.
 */
export function validateNetworkPlugin(
  body: Json,
  network: { kind: 'existing'; vpcId: string; vswitchIds: string[] } | { kind: 'new'; zoneIds: string[] },
  state: EmulatorState,
): NetworkPluginChoice {
  const addons = Array.isArray(body['addons']) ? (body['addons'] as Json[]) : [];
  const cni = addons.filter((addon) => CNI_ADDONS.includes(String(addon['name'])) && addon['disabled'] !== true);
  if (cni.length > 1)
    throw invalid('addons', `choose one network plugin, got ${cni.map((a) => String(a['name'])).join(' and ')}`);
  const chosen = cni[0];
  if (!chosen || chosen['name'] === 'flannel') return { plugin: 'flannel', networkPolicy: false, podVswitchIds: [] };
  if (chosen['name'] === 'terway-eni')
    throw invalid('addons', 'terway-eni (exclusive ENI) is not offered here; use terway-eniip');
  let config: Json = {};
  if (chosen['config'] !== undefined) {
    if (typeof chosen['config'] !== 'string') throw invalid('addons[terway-eniip].config', 'must be a JSON string');
    try {
      config = JSON.parse(chosen['config']) as Json;
    } catch {
      throw invalid('addons[terway-eniip].config', 'is not valid JSON');
    }
  }
  const policy = config['NetworkPolicy'] ?? 'false';
  if (policy !== 'true' && policy !== 'false')
    throw invalid('addons[terway-eniip].config.NetworkPolicy', 'must be "true" or "false"');
  const podVswitchIds = optStringArray(body, 'pod_vswitch_ids') ?? [];
  if (network.kind === 'existing') {
    if (podVswitchIds.length === 0) throw missing('pod_vswitch_ids');
    for (const id of podVswitchIds) {
      const vs = state.networks.find(id);
      if (vs === undefined || vs.vpcId !== network.vpcId) {
        throw businessError(400, 'InvalidVSwitchId.NotFound', `The pod vSwitch ${id} does not exist in VPC ${network.vpcId}.`);
      }
      if (network.vswitchIds.includes(id)) throw invalid('pod_vswitch_ids', `${id} is a node vSwitch; pod vSwitches must differ`);
    }
    const podZones = new Set(podVswitchIds.map((id) => state.networks.find(id)?.zoneId));
    for (const id of network.vswitchIds) {
      const zone = state.networks.find(id)?.zoneId;
      if (!podZones.has(zone)) throw invalid('pod_vswitch_ids', `no pod vSwitch in zone ${zone ?? '?'} of node vSwitch ${id}`);
    }
  }
  return { plugin: 'terway', networkPolicy: policy === 'true', podVswitchIds };
}
