import {
  findInstanceType as findCatalogType,
  listInstanceTypes as listCatalogTypes,
  systemDiskCategories,
} from '../../catalog/gpu-catalog.js';

/**
 * The ECS instance types the emulator sells: the product's GPU catalog (ACK notes §9), so that every
 * type the bot can choose can be rehearsed. Stock and validation rules stay the emulator's own.
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

export function listInstanceTypes(): readonly InstanceTypeFacts[] {
  return listCatalogTypes();
}

/** Exact ids only: ECS does not accept `gn5-c4g1.xlarge` or upper case, even if the catalog's lookup would. */
export function findInstanceType(id: string): InstanceTypeFacts | undefined {
  const type = findCatalogType(id);
  return type !== undefined && type.id === id ? type : undefined;
}

/** System disk categories the type boots from (gn5/gn5i: standard SSD or ultra disk only, per the ECS docs). */
export function supportedSystemDisks(typeId: string): readonly string[] {
  return findInstanceType(typeId) === undefined ? [] : systemDiskCategories(typeId);
}
