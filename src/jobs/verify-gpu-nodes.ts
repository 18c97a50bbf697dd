import type { ClusterRef } from '../cloud/port.js';
import { text, type Text } from '../i18n/text.js';
import type { NodeInfo } from '../kube/port.js';
import type { ClusterConnections } from './cluster-connections.js';
import { followWait } from './follow-wait.js';
import type { JobContext } from './job-context.js';
import type { ProgressTracker } from './progress-tracker.js';
import { failed, pending, ready, type WaitDecision } from './wait-decision.js';
import { isWait, type Wait } from './wait.js';

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
 * One look at the GPU workers of a cluster (through its cached connection): ready once every
 * expected worker is Ready with its GPUs schedulable (the device plugin can lag behind node
 * readiness), pending with what is there so far, failed when that is still short once `overdue`.
 */
export async function checkGpuWorkers(
  connections: ClusterConnections,
  cluster: ClusterRef,
  expected: number,
  overdue: boolean,
): Promise<WaitDecision<{ summary: Text; zones: string[] }>> {
  const kube = await connections.connect(cluster);
  const check = checkGpuNodes(await kube.listNodes(), expected);
  const summary = text(check.ok ? 'cluster.verify.ok' : 'cluster.verify.waiting', {
    ready: check.ready,
    withGpu: check.withGpu,
    expected,
    gpus: check.gpus,
    models: check.models.join(', ') || '-',
    zones: check.zones.join(', ') || '-',
  });
  if (check.ok) return ready({ summary, zones: check.zones });
  if (overdue) {
    return failed('verify.no_gpu', text('cluster.error.gpuMissing', { ready: check.ready, withGpu: check.withGpu, expected }));
  }
  return pending(summary, JSON.stringify(check));
}

/** The GPUs are given this long (at least a minute) to show up once the node pool is active. */
export function gpuTimeoutMs(pollIntervalMs: number): number {
  return Math.max(pollIntervalMs * 60, 60_000);
}

/**
 * The `verify` step of a create and of a scale: one look per run until all `expected` GPU workers
 * are there (a Wait meanwhile, failed once they are overdue), then the step is done with what was seen.
 */
export async function verifyGpuWorkers(
  context: JobContext,
  progress: ProgressTracker,
  deps: { readonly connections: ClusterConnections; readonly pollIntervalMs: number },
  cluster: ClusterRef,
  expected: number,
): Promise<{ summary: Text; zones: string[] } | Wait> {
  await progress.start('verify');
  const overdue = context.elapsed('verify') > gpuTimeoutMs(deps.pollIntervalMs);
  const look = await checkGpuWorkers(deps.connections, cluster, expected, overdue);
  const verified = await followWait(context, progress, look, { step: 'verify', clock: 'verify' });
  if (isWait(verified)) return verified;
  await progress.done('verify', verified.summary);
  return verified;
}
