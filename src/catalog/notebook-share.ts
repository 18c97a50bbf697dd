import type { InstanceType } from './types.js';

/**
 * What a node keeps for itself before pods get anything, estimated on the safe side: the kubelet's
 * and system reservation (the tiered formula managed Kubernetes services use: 0.1 core up to 4
 * cores, then 2.5 % / 1.25 % / 0.5 % per core; memory 25 % of the first 4 GiB, 20 % of the next
 * 4, 10 % of the next 8, 6 % up to 128 GiB, 2 % above, plus the 100 MiB eviction threshold), and
 * room for the DaemonSets every ACK node runs (network plugin, kube-proxy, CSI, GPU device plugin).
 */
const DAEMONSET_CPU = 0.5;
const DAEMONSET_MEMORY_GIB = 1;

function reservedCpu(cores: number): number {
  const tiers: [number, number][] = [
    [64, 0.025],
    [128, 0.0125],
    [Number.POSITIVE_INFINITY, 0.005],
  ];
  let reserved = 0.1;
  let from = 4;
  for (const [to, rate] of tiers) {
    if (cores > from) reserved += (Math.min(cores, to) - from) * rate;
    from = to;
  }
  return reserved + DAEMONSET_CPU;
}

function reservedMemoryGiB(memory: number): number {
  const tiers: [number, number][] = [
    [4, 0.25],
    [8, 0.2],
    [16, 0.1],
    [128, 0.06],
    [Number.POSITIVE_INFINITY, 0.02],
  ];
  let reserved = 0;
  let from = 0;
  for (const [to, rate] of tiers) {
    if (memory > from) reserved += (Math.min(memory, to) - from) * rate;
    from = to;
  }
  return reserved + 0.1 + DAEMONSET_MEMORY_GIB;
}

export interface NotebookShare {
  /** Millicores and MiB. Limits cap the notebook; requests are what the scheduler must find free. */
  readonly cpuLimitMillis: number;
  readonly cpuRequestMillis: number;
  readonly memoryLimitMiB: number;
  readonly memoryRequestMiB: number;
}

/**
 * A notebook's share of a node's CPU and memory: its GPUs' share of what the node leaves to pods,
 * as limits, so one notebook cannot starve the node or the other notebooks on it. It asks for half
 * of that, so it still schedules where DaemonSets take more than estimated.
 */
export function notebookShare(type: InstanceType, gpus: number): NotebookShare {
  const fraction = Math.min(1, gpus / Math.max(1, type.gpuCount));
  const cpu = Math.max(0.5, (type.vcpu - reservedCpu(type.vcpu)) * fraction);
  const memoryGiB = Math.max(1, (type.memoryGiB - reservedMemoryGiB(type.memoryGiB)) * fraction);
  const cpuLimitMillis = Math.floor((cpu * 1000) / 100) * 100;
  const memoryLimitMiB = Math.floor((memoryGiB * 1024) / 64) * 64;
  return {
    cpuLimitMillis,
    cpuRequestMillis: Math.floor(cpuLimitMillis / 2 / 100) * 100,
    memoryLimitMiB,
    memoryRequestMiB: Math.floor(memoryLimitMiB / 2 / 64) * 64,
  };
}
