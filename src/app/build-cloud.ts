import type { CloudProvider } from '../cloud/port.js';
import { AlibabaCloud } from '../cloud/alibaba/alibaba-cloud.js';
import { createCredentialProvider } from '../cloud/alibaba/credential-provider.js';
import { instrumentRoa, instrumentRpc } from '../cloud/alibaba/instrument-clients.js';
import { createCsClient, createEcsClient } from '../cloud/alibaba/pop-clients.js';
import type { Config } from '../config/config.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
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
 * in-process with the same SDK clients pointed at it (so simulated runs exercise the real code).
 */
export async function buildCloud(config: Config, log: Logger, metrics: Metrics): Promise<BuiltCloud> {
  const onRetry = (action: string, code: string, attempt: number) => {
    metrics.cloudRetries.inc({ action, code });
    log.warn({ action, code, attempt }, 'cloud call retried');
  };
  const record = (action: string, code?: string) => metrics.recordCloudCall(action, code);
  if (config.cloud.mode === 'simulated') {
    const emulator = await startEmulator({ timeScale: config.cloud.emulatorTimeScale });
    log.info(
      { cs: emulator.cloud.csEndpoint, ecs: emulator.cloud.ecsEndpoint },
      'using the built-in Alibaba Cloud emulator (no real resources)',
    );
    const credentials = emulator.cloud.credentials;
    return {
      emulator,
      cloud: new AlibabaCloud({
        cs: instrumentRoa(createCsClient(emulator.cloud.csEndpoint, credentials), record),
        ecs: instrumentRpc(createEcsClient(emulator.cloud.ecsEndpoint, credentials), record),
        onRetry,
      }),
      checkCredentials: async () => "the built-in emulator's",
    };
  }
  const configured = config.cloud.credentials;
  if (configured?.source !== 'access-key') {
    throw new Error(`Alibaba Cloud credentials from ${configured?.source ?? 'nowhere'} are not wired to the cloud clients yet`);
  }
  const provider = createCredentialProvider(configured);
  const credentials = await provider.get();
  return {
    cloud: new AlibabaCloud({
      cs: instrumentRoa(createCsClient(config.cloud.csEndpoint, credentials), record),
      ecs: instrumentRpc(createEcsClient(config.cloud.ecsEndpoint, credentials), record),
      onRetry,
    }),
    async checkCredentials() {
      await provider.get();
      return `from ${provider.source}`;
    },
  };
}
