/** Shapes of the GPU instance catalog: what the parser and the cloud layer need to know about a worker type. */

/** ECS system-disk categories, in the names ACK and ECS use on the wire. */
export type SystemDiskCategory = 'cloud_essd' | 'cloud_ssd' | 'cloud_efficiency';

export interface GpuFamily {
  /** Family name as users type it, e.g. `gn5`. */
  readonly name: string;
  /** GPU model, e.g. `P100`. */
  readonly gpuModel: string;
  /** Memory of one GPU in GiB. */
  readonly gpuMemoryGiB: number;
  /** Supported system-disk categories, preferred first. */
  readonly systemDisks: readonly SystemDiskCategory[];
  /** The type `create N <family>` resolves to (derived, see gpu-catalog.ts). */
  readonly defaultType: string;
}

export interface InstanceType {
  /** ECS instance type id, e.g. `ecs.gn5-c4g1.xlarge`. */
  readonly id: string;
  readonly family: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly gpuModel: string;
  readonly gpuCount: number;
  readonly gpuMemoryGiB: number;
}

/** Why a token cannot be used as an ACK GPU worker type. */
export type WorkerTypeError =
  | { readonly reason: 'unknown'; readonly token: string; readonly suggestions: readonly string[] }
  /** Known type, but below ACK's worker minimum of 4 vCPU and 8 GiB. */
  | { readonly reason: 'too-small'; readonly type: InstanceType; readonly alternative: string }
  /** vgn* families slice GPUs through GRID vGPU and do not expose `nvidia.com/gpu` for training. */
  | { readonly reason: 'vgpu'; readonly token: string };

export type WorkerTypeResult =
  { readonly ok: true; readonly type: InstanceType } | { readonly ok: false; readonly error: WorkerTypeError };
