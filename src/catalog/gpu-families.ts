import type { SystemDiskCategory } from './types.js';

/**
 * Raw catalog data. gn5 rows and every family's smallest type come from the ECS docs summarised in
 * shared/docs/aliyun-ack.md §9; the larger types of the other families follow the public ECS
 * instance-family pages as of 2021 and may have changed since. The runtime truth for stock and
 * price is DescribeAvailableResource / DescribePrice, not this table.
 */
export interface FamilyRow {
  readonly name: string;
  readonly gpuModel: string;
  readonly gpuMemoryGiB: number;
  readonly systemDisks: readonly SystemDiskCategory[];
  /** [type id, vCPU, memory GiB, GPU count] */
  readonly types: readonly (readonly [string, number, number, number])[];
}

/** gn5 and gn5i predate ESSD: "supports only standard SSDs and ultra disks". */
const LEGACY_DISKS: readonly SystemDiskCategory[] = ['cloud_ssd', 'cloud_efficiency'];
const CURRENT_DISKS: readonly SystemDiskCategory[] = ['cloud_essd', 'cloud_ssd', 'cloud_efficiency'];

export const FAMILY_ROWS: readonly FamilyRow[] = [
  {
    name: 'gn5',
    gpuModel: 'P100',
    gpuMemoryGiB: 16,
    systemDisks: LEGACY_DISKS,
    types: [
      ['ecs.gn5-c4g1.xlarge', 4, 30, 1],
      ['ecs.gn5-c8g1.2xlarge', 8, 60, 1],
      ['ecs.gn5-c4g1.2xlarge', 8, 60, 2],
      ['ecs.gn5-c8g1.4xlarge', 16, 120, 2],
      ['ecs.gn5-c28g1.7xlarge', 28, 112, 1],
      ['ecs.gn5-c8g1.8xlarge', 32, 240, 4],
      ['ecs.gn5-c28g1.14xlarge', 56, 224, 2],
      ['ecs.gn5-c8g1.14xlarge', 54, 480, 8],
    ],
  },
  {
    name: 'gn5i',
    gpuModel: 'P4',
    gpuMemoryGiB: 8,
    systemDisks: LEGACY_DISKS,
    types: [
      ['ecs.gn5i-c2g1.large', 2, 8, 1],
      ['ecs.gn5i-c4g1.xlarge', 4, 16, 1],
      ['ecs.gn5i-c8g1.2xlarge', 8, 32, 1],
      ['ecs.gn5i-c16g1.4xlarge', 16, 64, 1],
      ['ecs.gn5i-c16g1.8xlarge', 32, 128, 2],
      ['ecs.gn5i-c28g1.14xlarge', 56, 224, 2],
    ],
  },
  {
    name: 'gn6i',
    gpuModel: 'T4',
    gpuMemoryGiB: 16,
    systemDisks: CURRENT_DISKS,
    types: [
      ['ecs.gn6i-c4g1.xlarge', 4, 15, 1],
      ['ecs.gn6i-c8g1.2xlarge', 8, 31, 1],
      ['ecs.gn6i-c16g1.4xlarge', 16, 62, 1],
      ['ecs.gn6i-c24g1.6xlarge', 24, 93, 1],
      ['ecs.gn6i-c40g1.10xlarge', 40, 155, 1],
      ['ecs.gn6i-c24g1.12xlarge', 48, 186, 2],
      ['ecs.gn6i-c24g1.24xlarge', 96, 372, 4],
    ],
  },
  {
    name: 'gn6v',
    gpuModel: 'V100',
    gpuMemoryGiB: 16,
    systemDisks: CURRENT_DISKS,
    types: [
      ['ecs.gn6v-c8g1.2xlarge', 8, 32, 1],
      ['ecs.gn6v-c8g1.4xlarge', 16, 64, 2],
      ['ecs.gn6v-c8g1.8xlarge', 32, 128, 4],
      ['ecs.gn6v-c8g1.16xlarge', 64, 256, 8],
    ],
  },
  {
    name: 'gn6e',
    gpuModel: 'V100',
    gpuMemoryGiB: 32,
    systemDisks: CURRENT_DISKS,
    types: [
      ['ecs.gn6e-c12g1.3xlarge', 12, 92, 1],
      ['ecs.gn6e-c12g1.6xlarge', 24, 182, 2],
      ['ecs.gn6e-c12g1.12xlarge', 48, 368, 4],
      ['ecs.gn6e-c12g1.24xlarge', 96, 736, 8],
    ],
  },
  {
    name: 'gn7i',
    gpuModel: 'A10',
    gpuMemoryGiB: 24,
    systemDisks: CURRENT_DISKS,
    types: [
      ['ecs.gn7i-c8g1.2xlarge', 8, 30, 1],
      ['ecs.gn7i-c16g1.4xlarge', 16, 60, 1],
      ['ecs.gn7i-c32g1.8xlarge', 32, 188, 1],
      ['ecs.gn7i-c32g1.16xlarge', 64, 376, 2],
      ['ecs.gn7i-c32g1.32xlarge', 128, 752, 4],
    ],
  },
  {
    name: 'gn7',
    gpuModel: 'A100',
    gpuMemoryGiB: 40,
    systemDisks: CURRENT_DISKS,
    types: [
      ['ecs.gn7-c12g1.3xlarge', 12, 95, 1],
      ['ecs.gn7-c13g1.13xlarge', 52, 378, 4],
      ['ecs.gn7-c13g1.26xlarge', 104, 756, 8],
    ],
  },
];
