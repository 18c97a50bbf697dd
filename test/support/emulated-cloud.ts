import { AlibabaCloud } from '../../src/cloud/alibaba/alibaba-cloud.js';
import { createClientsFactory, staticCredentials } from '../../src/cloud/alibaba/pop-clients.js';
import type { RetryPolicy } from '../../src/cloud/alibaba/with-retry.js';
import type { Emulator } from '../../src/emulator/index.js';

/** Retries in milliseconds, so tests of throttling and 5xx stay fast. */
export const FAST_RETRY: RetryPolicy = { retries: 3, minTimeoutMs: 5, maxTimeoutMs: 20 };

/**
 * The real adapter (real pop-core clients, real HTTP) pointed at an emulator's regional endpoints.
 * `secret` overrides the AccessKey secret, to prove that a wrongly signed request is refused.
 */
export function emulatedCloud(
  emulator: Emulator,
  options: {
    secret?: string;
    keyId?: string;
    retry?: RetryPolicy;
    defaultRegion?: string;
    onRetry?: (action: string, code: string, attempt: number) => void;
  } = {},
): AlibabaCloud {
  const credentials = staticCredentials({
    accessKeyId: options.keyId ?? emulator.cloud.credentials.accessKeyId,
    accessKeySecret: options.secret ?? emulator.cloud.credentials.accessKeySecret,
  });
  return new AlibabaCloud({
    clientsFor: createClientsFactory(emulator.cloud.endpointTemplates, credentials),
    defaultRegion: options.defaultRegion ?? 'cn-hangzhou',
    retry: options.retry ?? FAST_RETRY,
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
}

/**
 * A running gpubot cluster (its tags name gpubot, `owner` and a seed request) with no workers, made
 * straight through the cloud API: as if `owner` had created it, and quicker than a create.
 */
export async function seedGpubotCluster(emulator: Emulator, name: string, owner: string): Promise<string> {
  const { clusterId } = await emulatedCloud(emulator).createCluster({
    name,
    regionId: 'cn-hangzhou',
    clusterSpec: 'ack.pro.small',
    network: { kind: 'new', zoneIds: ['cn-hangzhou-h'] },
    tags: [
      { key: 'gpubot.io/managed-by', value: 'gpubot' },
      { key: 'gpubot.io/owner', value: owner },
      { key: 'gpubot.io/request', value: `seed-${name}` },
    ],
  });
  return clusterId;
}

/**
 * The environment that points a gpubot process at an emulator as if it were Alibaba Cloud: each
 * endpoint a `{region}` template, so every call goes to the endpoint of its region. `cs`/`ecs`/`vpc`
 * replace an endpoint's base (e.g. a proxy in front of it).
 */
export function emulatorEnv(
  emulator: Emulator,
  endpoints: { cs?: string; ecs?: string; vpc?: string } = {},
): Record<string, string> {
  return {
    GPUBOT_CLOUD: 'alibaba',
    ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.cloud.credentials.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulator.cloud.credentials.accessKeySecret,
    GPUBOT_CS_ENDPOINT: `${endpoints.cs ?? emulator.cloud.csEndpoint}/{region}`,
    GPUBOT_ECS_ENDPOINT: `${endpoints.ecs ?? emulator.cloud.ecsEndpoint}/{region}`,
    GPUBOT_VPC_ENDPOINT: `${endpoints.vpc ?? emulator.cloud.vpcEndpoint}/{region}`,
  };
}
