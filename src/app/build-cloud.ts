import type { CloudProvider } from '../cloud/port.js';
import { AlibabaCloud } from '../cloud/alibaba/alibaba-cloud.js';
import { createCredentialProvider } from '../cloud/alibaba/credential-provider.js';
import { instrumentClients } from '../cloud/alibaba/instrument-clients.js';
import { createClientsFactory, staticCredentials } from '../cloud/alibaba/pop-clients.js';
import type { Config } from '../config/config.js';
import type { Emulator } from '../emulator/index.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

export interface BuiltCloud {
  readonly cloud: CloudProvider;
  readonly emulator?: Emulator;
  /** For readiness: resolves (saying from where) when credentials can be had, rejects with why not. */
  checkCredentials(): Promise<string>;
}

/**
 * The cloud adapter for this process: real Alibaba Cloud, or the built-in emulator started
 * in-process with the same SDK clients pointed at its regional endpoints (so simulated runs
 * exercise the real code, region by region). The clients of each region ask the credential
 * provider before every request, so temporary credentials (STS, RRSA, ECS RAM role) are used
 * fresh; every call is counted for the metrics.
 */
export async function buildCloud(config: Config, log: Logger, metrics: Metrics): Promise<BuiltCloud> {
  const onRetry = (action: string, code: string, attempt: number) => {
    metrics.cloudRetries.inc({ action, code });
    log.warn({ action, code, attempt }, 'cloud call retried');
  };
  const record = (action: string, code?: string) => metrics.recordCloudCall(action, code);
  const defaultRegion = config.cloud.regionId;
  if (config.cloud.mode === 'simulated') {
    // Loaded only in simulated mode: a deployment never carries the emulator in memory.
    const { startEmulator } = await import('../emulator/index.js');
    const emulator = await startEmulator({ timeScale: config.cloud.emulatorTimeScale });
    log.info({ endpoints: emulator.cloud.endpointTemplates }, 'using the built-in Alibaba Cloud emulator (no real resources)');
    const clientsFor = createClientsFactory(emulator.cloud.endpointTemplates, staticCredentials(emulator.cloud.credentials));
    return {
      emulator,
      cloud: new AlibabaCloud({ clientsFor: instrumentClients(clientsFor, record), defaultRegion, onRetry }),
      checkCredentials: async () => "the built-in emulator's",
    };
  }
  const configured = config.cloud.credentials;
  if (!configured) throw new Error('GPUBOT_CLOUD=alibaba needs Alibaba Cloud credentials (see the README)');
  const provider = createCredentialProvider(configured);
  const clientsFor = createClientsFactory(config.cloud.endpoints, () => provider.get());
  return {
    cloud: new AlibabaCloud({ clientsFor: instrumentClients(clientsFor, record), defaultRegion, onRetry }),
    async checkCredentials() {
      await provider.get();
      return `from ${provider.source}`;
    },
  };
}
