import type { CloudProvider } from '../cloud/port.js';
import { AlibabaCloud } from '../cloud/alibaba/alibaba-cloud.js';
import { createCsClient, createEcsClient } from '../cloud/alibaba/pop-clients.js';
import type { Config } from '../config/config.js';
import { startEmulator, type Emulator } from '../emulator/index.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/**
 * The cloud adapter for this process: real Alibaba Cloud, or the built-in emulator started
 * in-process with the same SDK clients pointed at it (so simulated runs exercise the real code).
 */
export async function buildCloud(
  config: Config,
  log: Logger,
  metrics: Metrics,
): Promise<{ cloud: CloudProvider; emulator?: Emulator }> {
  const onRetry = (action: string, code: string, attempt: number) => {
    metrics.cloudRetries.inc({ action, code });
    log.warn({ action, code, attempt }, 'cloud call retried');
  };
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
        cs: createCsClient(emulator.cloud.csEndpoint, credentials),
        ecs: createEcsClient(emulator.cloud.ecsEndpoint, credentials),
        onRetry,
      }),
    };
  }
  const configured = config.cloud.credentials;
  if (configured?.source !== 'access-key') {
    throw new Error(`Alibaba Cloud credentials from ${configured?.source ?? 'nowhere'} are not wired to the cloud clients yet`);
  }
  const credentials = {
    accessKeyId: configured.accessKeyId,
    accessKeySecret: configured.accessKeySecret,
    ...(configured.securityToken ? { securityToken: configured.securityToken } : {}),
  };
  return {
    cloud: new AlibabaCloud({
      cs: createCsClient(config.cloud.csEndpoint, credentials),
      ecs: createEcsClient(config.cloud.ecsEndpoint, credentials),
      onRetry,
    }),
  };
}
