import { startCloudEmulator, type CloudEmulator } from './cloud/index.js';
import { startKubeEmulator, type KubeEmulator } from './kube/index.js';

export interface Emulator {
  readonly cloud: CloudEmulator;
  readonly kube: KubeEmulator;
  close(): Promise<void>;
}

/**
 * The built-in Alibaba Cloud: ACK and ECS OpenAPI servers and a Kubernetes API server on
 * loopback, sharing one compressed clock. Clusters it creates get GPU nodes in its Kubernetes.
 */
export async function startEmulator(options: { timeScale?: number; deletedVisibleSeconds?: number } = {}): Promise<Emulator> {
  const kube = await startKubeEmulator(options.timeScale === undefined ? {} : { timeScale: options.timeScale });
  const cloud = await startCloudEmulator({
    kube,
    ...(options.timeScale === undefined ? {} : { timeScale: options.timeScale }),
    ...(options.deletedVisibleSeconds === undefined ? {} : { deletedVisibleSeconds: options.deletedVisibleSeconds }),
  });
  return {
    cloud,
    kube,
    async close() {
      await cloud.close();
      await kube.close();
    },
  };
}
