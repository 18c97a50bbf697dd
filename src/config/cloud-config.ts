import { z } from 'zod';
import { CLUSTER_SPECS, DEFAULT_CLUSTER_SPEC, workerLimitFor, type ClusterSpec } from '../cloud/port.js';
import type { CloudCredentialsConfig } from './credentials-config.js';
import { ConfigError, endpoint, list, optionalString, positiveInt, type EnvOf } from './env-fields.js';

const REGION_ID = /^[a-z]{2}(-[a-z0-9]+)+$/;

/** `{region}` in an endpoint is replaced by the region of each call; without it one endpoint serves every region. */
export const REGION_PLACEHOLDER = '{region}';

/** Alibaba Cloud (or the built-in emulator): credentials, endpoints, network, limits and timing. */
export const cloudEnv = {
  GPUBOT_CLOUD: z.enum(['alibaba', 'simulated']).optional(),
  GPUBOT_MAX_NODES_PER_CLUSTER: positiveInt(40),
  GPUBOT_POLL_INTERVAL_MS: z.coerce.number().int().positive().optional(),
  GPUBOT_CLUSTER_TIMEOUT_MINUTES: positiveInt(90),
  /** Overrides the minutes above with milliseconds (tests, rehearsals on a compressed clock). */
  GPUBOT_CLUSTER_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  GPUBOT_EMULATOR_TIME_SCALE: z.coerce.number().positive().default(60),
  /** ACK edition: `ack.pro.small` (Pro, the default) or `ack.standard` (Basic: 2 clusters, 10 workers each). */
  GPUBOT_CLUSTER_SPEC: z.enum(CLUSTER_SPECS).default(DEFAULT_CLUSTER_SPEC),
  /** Regions `list`/`status` scan and `region=` accepts (comma list); the default region when unset. */
  GPUBOT_REGIONS: list.refine(
    (ids) => ids.every((id) => REGION_ID.test(id)),
    'must be comma-separated region ids, e.g. cn-hangzhou,cn-beijing',
  ),
  GPUBOT_VPC_ID: optionalString,
  GPUBOT_VSWITCH_IDS: list,
  GPUBOT_KUBERNETES_VERSION: optionalString,
  GPUBOT_CS_ENDPOINT: endpoint.optional(),
  GPUBOT_ECS_ENDPOINT: endpoint.optional(),
  GPUBOT_VPC_ENDPOINT: endpoint.optional(),
  ALIBABA_CLOUD_REGION_ID: z.string().regex(REGION_ID).default('cn-hangzhou'),
};

/** OpenAPI endpoints, each with an optional `{region}` placeholder. */
export interface EndpointTemplates {
  readonly cs: string;
  readonly ecs: string;
  readonly vpc: string;
}

export interface CloudConfig {
  readonly mode: 'alibaba' | 'simulated';
  /** Where new clusters go when `region=` is not given. */
  readonly regionId: string;
  /** Every region gpubot works in (the default one included). */
  readonly regions: readonly string[];
  readonly clusterSpec: ClusterSpec;
  /** Absent in simulated mode (the emulator has its own). */
  readonly credentials?: CloudCredentialsConfig;
  readonly endpoints: EndpointTemplates;
  readonly vpcId?: string;
  readonly vswitchIds: readonly string[];
  readonly kubernetesVersion?: string;
  readonly pollIntervalMs: number;
  readonly clusterTimeoutMs: number;
  readonly emulatorTimeScale: number;
}

export interface LimitsConfig {
  /** The largest `<count>` accepted: GPUBOT_MAX_NODES_PER_CLUSTER, capped at 10 for ACK Basic. */
  readonly maxNodesPerCluster: number;
  readonly clusterSpec: ClusterSpec;
  /** What `region=` accepts. */
  readonly regions: readonly string[];
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
    regions: regionsOf(e),
    clusterSpec: e.GPUBOT_CLUSTER_SPEC,
    ...(mode === 'alibaba' && credentials ? { credentials } : {}),
    endpoints: {
      cs: e.GPUBOT_CS_ENDPOINT ?? `https://cs.${REGION_PLACEHOLDER}.aliyuncs.com`,
      ecs: e.GPUBOT_ECS_ENDPOINT ?? `https://ecs.${REGION_PLACEHOLDER}.aliyuncs.com`,
      vpc: e.GPUBOT_VPC_ENDPOINT ?? `https://vpc.${REGION_PLACEHOLDER}.aliyuncs.com`,
    },
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

/** The region list, which must hold the default region (where a create without `region=` goes). */
function regionsOf(e: EnvOf<typeof cloudEnv>): string[] {
  if (e.GPUBOT_REGIONS.length === 0) return [e.ALIBABA_CLOUD_REGION_ID];
  if (!e.GPUBOT_REGIONS.includes(e.ALIBABA_CLOUD_REGION_ID)) {
    throw new ConfigError(
      `GPUBOT_REGIONS (${e.GPUBOT_REGIONS.join(',')}) must include the default region ALIBABA_CLOUD_REGION_ID=${e.ALIBABA_CLOUD_REGION_ID}`,
    );
  }
  return [...new Set(e.GPUBOT_REGIONS)];
}

export function limitsConfig(e: EnvOf<typeof cloudEnv>): LimitsConfig {
  return {
    maxNodesPerCluster: workerLimitFor(e.GPUBOT_CLUSTER_SPEC, e.GPUBOT_MAX_NODES_PER_CLUSTER),
    clusterSpec: e.GPUBOT_CLUSTER_SPEC,
    regions: regionsOf(e),
  };
}
