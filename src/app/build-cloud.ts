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
  const credentials = {
    accessKeyId: config.cloud.accessKeyId as string,
    accessKeySecret: config.cloud.accessKeySecret as string,
    ...(config.cloud.securityToken ? { securityToken: config.cloud.securityToken } : {}),
  };
  return {
    cloud: new AlibabaCloud({
      cs: createCsClient(config.cloud.csEndpoint, credentials),
      ecs: createEcsClient(config.cloud.ecsEndpoint, credentials),
      onRetry,
    }),
  };
}
