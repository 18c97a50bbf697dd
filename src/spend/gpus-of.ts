import { findInstanceType } from '../catalog/gpu-catalog.js';
import type { ClusterCreate } from '../commands/types.js';

/** GPUs a create asks for: its node count times the GPUs of one node of its type. */
export function gpusOf(command: Pick<ClusterCreate, 'count' | 'instanceType'>): number {
  const type = findInstanceType(command.instanceType);
  if (!type) throw new Error(`catalog: unknown instance type ${command.instanceType}`);
  return command.count * type.gpuCount;
}
