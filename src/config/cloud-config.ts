import { z } from 'zod';
import type { CloudCredentialsConfig } from './credentials-config.js';
import { ConfigError, endpoint, list, optionalString, positiveInt, type EnvOf } from './env-fields.js';

/** Alibaba Cloud (or the built-in emulator): credentials, endpoints, network, limits and timing. */
export const cloudEnv = {
  GPUBOT_CLOUD: z.enum(['alibaba', 'simulated']).optional(),
  GPUBOT_MAX_NODES_PER_CLUSTER: positiveInt(40),
  GPUBOT_POLL_INTERVAL_MS: z.coerce.number().int().positive().optional(),
  GPUBOT_CLUSTER_TIMEOUT_MINUTES: positiveInt(90),
  /** Overrides the minutes above with milliseconds (tests, rehearsals on a compressed clock). */
  GPUBOT_CLUSTER_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  GPUBOT_EMULATOR_TIME_SCALE: z.coerce.number().positive().default(60),
  GPUBOT_VPC_ID: optionalString,
  GPUBOT_VSWITCH_IDS: list,
  GPUBOT_KUBERNETES_VERSION: optionalString,
  GPUBOT_CS_ENDPOINT: endpoint.optional(),
  GPUBOT_ECS_ENDPOINT: endpoint.optional(),
  ALIBABA_CLOUD_REGION_ID: z
    .string()
    .regex(/^[a-z]{2}(-[a-z0-9]+)+$/)
    .default('cn-hangzhou'),
};

export interface CloudConfig {
  readonly mode: 'alibaba' | 'simulated';
  readonly regionId: string;
  /** Absent in simulated mode (the emulator has its own). */
  readonly credentials?: CloudCredentialsConfig;
  readonly csEndpoint: string;
  readonly ecsEndpoint: string;
  readonly vpcId?: string;
  readonly vswitchIds: readonly string[];
  readonly kubernetesVersion?: string;
  readonly pollIntervalMs: number;
  readonly clusterTimeoutMs: number;
  readonly emulatorTimeScale: number;
}

export interface LimitsConfig {
  readonly maxNodesPerCluster: number;
}

/** `credentials` decides the mode when GPUBOT_CLOUD is unset: configured credentials mean the real cloud. */
export function cloudConfig(e: EnvOf<typeof cloudEnv>, credentials: CloudCredentialsConfig | undefined): CloudConfig {
  const mode = e.GPUBOT_CLOUD ?? (credentials ? 'alibaba' : 'simulated');
  if (e.GPUBOT_VPC_ID && e.GPUBOT_VSWITCH_IDS.length === 0) {
    throw new ConfigError('GPUBOT_VPC_ID is set, so GPUBOT_VSWITCH_IDS must list at least one vSwitch of that VPC');
  }
  const region = e.ALIBABA_CLOUD_REGION_ID;
  return {
    mode,
    regionId: region,
    ...(mode === 'alibaba' && credentials ? { credentials } : {}),
    csEndpoint: e.GPUBOT_CS_ENDPOINT ?? `https://cs.${region}.aliyuncs.com`,
    ecsEndpoint: e.GPUBOT_ECS_ENDPOINT ?? `https://ecs.${region}.aliyuncs.com`,
    ...(e.GPUBOT_VPC_ID ? { vpcId: e.GPUBOT_VPC_ID } : {}),
    vswitchIds: e.GPUBOT_VSWITCH_IDS,
    ...(e.GPUBOT_KUBERNETES_VERSION ? { kubernetesVersion: e.GPUBOT_KUBERNETES_VERSION } : {}),
    pollIntervalMs:
      e.GPUBOT_POLL_INTERVAL_MS ??
      (mode === 'simulated' ? Math.max(50, Math.round(10_000 / e.GPUBOT_EMULATOR_TIME_SCALE)) : 10_000),
    clusterTimeoutMs: e.GPUBOT_CLUSTER_TIMEOUT_MS ?? e.GPUBOT_CLUSTER_TIMEOUT_MINUTES * 60_000,
    emulatorTimeScale: e.GPUBOT_EMULATOR_TIME_SCALE,
  };
}

export function limitsConfig(e: EnvOf<typeof cloudEnv>): LimitsConfig {
  return {
    maxNodesPerCluster: e.GPUBOT_MAX_NODES_PER_CLUSTER,
  };
}
