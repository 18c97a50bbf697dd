import { z } from 'zod';
import { ConfigError, list, type EnvOf } from './env-fields.js';

/** The container network of new clusters: Flannel, or Terway with its NetworkPolicy agent. */
export const networkEnv = {
  GPUBOT_NETWORK_PLUGIN: z.enum(['flannel', 'terway']).default('flannel'),
  /** Terway: the pod vSwitches of GPUBOT_VPC_ID, one in the zone of every node vSwitch. */
  GPUBOT_POD_VSWITCH_IDS: list,
};

export type NetworkPlugin = { readonly kind: 'flannel' } | { readonly kind: 'terway'; readonly podVswitchIds: readonly string[] };

export interface NetworkConfig {
  readonly networkPlugin: NetworkPlugin;
}

/**
 * Terway gives pods addresses from vSwitches of their own, which CreateCluster must name
 * (`pod_vswitch_ids`, distinct from the node vSwitches): so it needs the configured VPC.
 */
export function networkConfig(
  e: EnvOf<typeof networkEnv> & { GPUBOT_VPC_ID?: string | undefined; GPUBOT_VSWITCH_IDS: string[] },
): NetworkConfig {
  if (e.GPUBOT_NETWORK_PLUGIN === 'flannel') {
    if (e.GPUBOT_POD_VSWITCH_IDS.length > 0)
      throw new ConfigError('GPUBOT_POD_VSWITCH_IDS is for GPUBOT_NETWORK_PLUGIN=terway only');
    return { networkPlugin: { kind: 'flannel' } };
  }
  if (!e.GPUBOT_VPC_ID || e.GPUBOT_POD_VSWITCH_IDS.length === 0) {
    throw new ConfigError(
      'GPUBOT_NETWORK_PLUGIN=terway needs GPUBOT_VPC_ID, GPUBOT_VSWITCH_IDS (nodes) and GPUBOT_POD_VSWITCH_IDS (pods: other vSwitches of that VPC, one in each node vSwitch zone)',
    );
  }
  const shared = e.GPUBOT_POD_VSWITCH_IDS.filter((id) => e.GPUBOT_VSWITCH_IDS.includes(id));
  if (shared.length > 0)
    throw new ConfigError(`GPUBOT_POD_VSWITCH_IDS must differ from the node vSwitches: ${shared.join(', ')}`);
  return { networkPlugin: { kind: 'terway', podVswitchIds: e.GPUBOT_POD_VSWITCH_IDS } };
}
