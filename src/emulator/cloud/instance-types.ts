/**
 * The ECS instance types the emulator sells, from the ACK research notes §9 (ECS docs, 2021).
 * Kept local because the emulator must not depend on the product catalog's choices.
 */

export interface InstanceTypeFacts {
  id: string;
  family: string;
  vcpu: number;
  memoryGiB: number;
  gpuModel: string;
  gpuCount: number;
  gpuMemoryGiB: number;
}

const P100 = { gpuModel: 'NVIDIA P100', gpuMemoryGiB: 16 };
const P4 = { gpuModel: 'NVIDIA P4', gpuMemoryGiB: 8 };
const T4 = { gpuModel: 'NVIDIA T4', gpuMemoryGiB: 16 };
const V100 = { gpuModel: 'NVIDIA V100', gpuMemoryGiB: 16 };
const V100_32 = { gpuModel: 'NVIDIA V100', gpuMemoryGiB: 32 };
const A10 = { gpuModel: 'NVIDIA A10', gpuMemoryGiB: 24 };
const A100 = { gpuModel: 'NVIDIA A100', gpuMemoryGiB: 40 };

function row(id: string, vcpu: number, memoryGiB: number, gpuCount: number, gpu: { gpuModel: string; gpuMemoryGiB: number }): InstanceTypeFacts {
  const family = id.split('.')[1]?.split('-')[0] ?? id;
  return { id, family, vcpu, memoryGiB, gpuCount, ...gpu };
}

const TABLE: readonly InstanceTypeFacts[] = [
  row('ecs.gn5-c4g1.xlarge', 4, 30, 1, P100),
  row('ecs.gn5-c8g1.2xlarge', 8, 60, 1, P100),
  row('ecs.gn5-c4g1.2xlarge', 8, 60, 2, P100),
  row('ecs.gn5-c8g1.4xlarge', 16, 120, 2, P100),
  row('ecs.gn5-c28g1.7xlarge', 28, 112, 1, P100),
  row('ecs.gn5-c8g1.8xlarge', 32, 240, 4, P100),
  row('ecs.gn5-c28g1.14xlarge', 56, 224, 2, P100),
  row('ecs.gn5-c8g1.14xlarge', 54, 480, 8, P100),
  row('ecs.gn5i-c2g1.large', 2, 8, 1, P4),
  row('ecs.gn5i-c4g1.xlarge', 4, 16, 1, P4),
  row('ecs.gn6i-c4g1.xlarge', 4, 15, 1, T4),
  row('ecs.gn6i-c24g1.24xlarge', 96, 372, 4, T4),
  row('ecs.gn6v-c8g1.2xlarge', 8, 32, 1, V100),
  row('ecs.gn6v-c8g1.16xlarge', 64, 256, 8, V100),
  row('ecs.gn6e-c12g1.3xlarge', 12, 92, 1, V100_32),
  row('ecs.gn7i-c8g1.2xlarge', 8, 30, 1, A10),
  row('ecs.gn7-c12g1.3xlarge', 12, 95, 1, A100),
];

const BY_ID = new Map(TABLE.map((t) => [t.id, t]));

export function listInstanceTypes(): readonly InstanceTypeFacts[] {
  return TABLE;
}

export function findInstanceType(id: string): InstanceTypeFacts | undefined {
  return BY_ID.get(id);
}

/**
 * System disk categories per family. gn5/gn5i take only standard SSD or ultra disk (ECS docs);
 * the newer families are listed with ESSD, which is what ACK offers for them.
 */
const DISKS_BY_FAMILY: Record<string, readonly string[]> = {
  gn5: ['cloud_ssd', 'cloud_efficiency'],
  gn5i: ['cloud_ssd', 'cloud_efficiency'],
  gn6i: ['cloud_efficiency', 'cloud_ssd', 'cloud_essd'],
  gn6v: ['cloud_efficiency', 'cloud_ssd', 'cloud_essd'],
  gn6e: ['cloud_efficiency', 'cloud_ssd', 'cloud_essd'],
  gn7i: ['cloud_essd', 'cloud_auto'],
  gn7: ['cloud_essd', 'cloud_auto'],
};

export function supportedSystemDisks(family: string): readonly string[] {
  return DISKS_BY_FAMILY[family] ?? [];
}
