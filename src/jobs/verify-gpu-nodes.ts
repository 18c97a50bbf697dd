import { UserFacingError } from '../errors.js';
import { text, type Text } from '../i18n/text.js';
import type { NodeInfo } from '../kube/port.js';
import type { ClusterRef } from '../cloud/port.js';
import type { JobDeps } from './job-context.js';
import type { ProgressTracker } from './progress-tracker.js';

export interface GpuCheck {
  readonly ok: boolean;
  readonly ready: number;
  readonly withGpu: number;
  readonly gpus: number;
  readonly models: string[];
  /** Zones of the GPU workers, as their `topology.kubernetes.io/zone` labels say. */
  readonly zones: string[];
}

/** Every expected worker Ready and exposing `nvidia.com/gpu` as allocatable. */
export function checkGpuNodes(nodes: readonly NodeInfo[], expected: number): GpuCheck {
  const workers = nodes.filter((node) => node.isWorker);
  const ready = workers.filter((node) => node.ready);
  const withGpu = ready.filter((node) => node.allocatableGpus > 0);
  return {
    ok: withGpu.length >= expected,
    ready: ready.length,
    withGpu: withGpu.length,
    gpus: withGpu.reduce((sum, node) => sum + node.allocatableGpus, 0),
    models: [...new Set(withGpu.map((node) => node.gpuModel).filter((m): m is string => Boolean(m)))],
    zones: [...new Set(withGpu.map((node) => node.zone).filter((z): z is string => Boolean(z)))].sort(),
  };
}

/**
 * Connects with the cluster's kubeconfig (kept in memory only) and waits until the GPU workers
 * are Ready with their GPUs schedulable: the device plugin can lag behind node readiness.
 */
export async function verifyGpuNodes(
  deps: JobDeps,
  progress: ProgressTracker,
  cluster: ClusterRef & { expected: number },
): Promise<{ summary: Text; zones: string[] }> {
  const kubeconfig = await deps.cloud.getKubeconfig(cluster);
  const kube = deps.kube.connect(kubeconfig);
  const deadline = deps.now() + Math.max(deps.settings.pollIntervalMs * 60, 60_000);
  let last = '';
  for (;;) {
    const check = checkGpuNodes(await kube.listNodes(), cluster.expected);
    const summary = text(check.ok ? 'cluster.verify.ok' : 'cluster.verify.waiting', {
      ready: check.ready,
      withGpu: check.withGpu,
      expected: cluster.expected,
      gpus: check.gpus,
      models: check.models.join(', ') || '-',
      zones: check.zones.join(', ') || '-',
    });
    if (check.ok) return { summary, zones: check.zones };
    const key = JSON.stringify(check);
    if (key !== last) await progress.detail('verify', summary);
    last = key;
    if (deps.now() > deadline) {
      throw new UserFacingError(
        'verify.no_gpu',
        text('cluster.error.gpuMissing', {
          ready: check.ready,
          withGpu: check.withGpu,
          expected: cluster.expected,
        }),
      );
    }
    await deps.sleep(deps.settings.pollIntervalMs);
  }
}
