import type { CloudProvider } from '../cloud/port.js';
import { AlibabaCloud } from '../cloud/alibaba/alibaba-cloud.js';
import { createClientsFactory, staticCredentials, type CredentialsProvider } from '../cloud/alibaba/pop-clients.js';
import type { Config } from '../config/config.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/**
 * Where the cloud's keys come from. Read before every call, so a provider that refreshes keys
 * (STS, RRSA) can stand here; today it is the configured AccessKey.
 */
export function credentialsFromConfig(config: Config): CredentialsProvider {
  return staticCredentials({
    accessKeyId: config.cloud.accessKeyId as string,
    accessKeySecret: config.cloud.accessKeySecret as string,
    ...(config.cloud.securityToken ? { securityToken: config.cloud.securityToken } : {}),
  });
}

/**
 * The cloud adapter for this process: real Alibaba Cloud, or the built-in emulator started
 * in-process with the same SDK clients pointed at its regional endpoints (so simulated runs
 * exercise the real code, region by region).
 */
export async function buildCloud(
  config: Config,
  log: Logger,
  metrics: Metrics,
  credentials: CredentialsProvider = credentialsFromConfig(config),
): Promise<{ cloud: CloudProvider; emulator?: Emulator }> {
  const onRetry = (action: string, code: string, attempt: number) => {
    metrics.cloudRetries.inc({ action, code });
    log.warn({ action, code, attempt }, 'cloud call retried');
  };
  const defaultRegion = config.cloud.regionId;
  if (config.cloud.mode === 'simulated') {
    const emulator = await startEmulator({ timeScale: config.cloud.emulatorTimeScale });
    log.info({ endpoints: emulator.cloud.endpointTemplates }, 'using the built-in Alibaba Cloud emulator (no real resources)');
    const clientsFor = createClientsFactory(emulator.cloud.endpointTemplates, staticCredentials(emulator.cloud.credentials));
    return { emulator, cloud: new AlibabaCloud({ clientsFor, defaultRegion, onRetry }) };
  }
  const clientsFor = createClientsFactory(config.cloud.endpoints, credentials);
  return { cloud: new AlibabaCloud({ clientsFor, defaultRegion, onRetry }) };
}
