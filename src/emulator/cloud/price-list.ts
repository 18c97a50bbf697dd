import type { InstanceTypeFacts } from './instance-types.js';

/**
 * The emulator's own pay-as-you-go price list, CNY per hour: a GPU's price by model plus the
 * instance's vCPUs and memory, and system disks by category and size. Round numbers in the range
 * of Alibaba's list prices; tests read the price off DescribePrice, never off this table.
 */
const GPU_PER_HOUR: Readonly<Record<string, number>> = {
  P100: 9.5,
  P4: 5,
  T4: 7,
  A10: 11,
  V100: 20,
  A100: 30,
};
const VCPU_PER_HOUR = 0.12;
const GIB_PER_HOUR = 0.02;
const DISK_GIB_PER_HOUR: Readonly<Record<string, number>> = {
  cloud_essd: 0.0015,
  cloud_ssd: 0.0014,
  cloud_efficiency: 0.0005,
};

export function instancePerHour(type: InstanceTypeFacts): number {
  const gpu = (GPU_PER_HOUR[type.gpuModel] ?? 10) * type.gpuCount;
  return round(gpu + type.vcpu * VCPU_PER_HOUR + type.memoryGiB * GIB_PER_HOUR);
}

/** Undefined for a category the emulator does not sell. */
export function diskPerHour(category: string, sizeGiB: number): number | undefined {
  const rate = DISK_GIB_PER_HOUR[category];
  return rate === undefined ? undefined : round(rate * sizeGiB);
}

export function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
