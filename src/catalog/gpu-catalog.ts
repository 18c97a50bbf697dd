import { closestWords } from './edit-distance.js';
import { FAMILY_ROWS } from './gpu-families.js';
import type { GpuFamily, InstanceType, SystemDiskCategory, WorkerTypeResult } from './types.js';

/** ACK refuses worker nodes below 4 vCPU and 8 GiB (ACK limits doc, 2020–21). */
export const MIN_WORKER_VCPU = 4;
export const MIN_WORKER_MEMORY_GIB = 8;

const types: InstanceType[] = FAMILY_ROWS.flatMap((row) =>
  row.types.map(([id, vcpu, memoryGiB, gpuCount]) => ({
    id,
    family: row.name,
    vcpu,
    memoryGiB,
    gpuModel: row.gpuModel,
    gpuCount,
    gpuMemoryGiB: row.gpuMemoryGiB,
  })),
);
const typesById = new Map(types.map((type) => [type.id, type]));

export function isWorkerCapable(type: InstanceType): boolean {
  return type.vcpu >= MIN_WORKER_VCPU && type.memoryGiB >= MIN_WORKER_MEMORY_GIB;
}

/** "Smallest single-GPU type with ≥4 vCPU and ≥8 GiB" — derived, so adding a row cannot leave it stale. */
function pickDefaultType(family: string): string {
  const candidates = types
    .filter((type) => type.family === family && type.gpuCount === 1 && isWorkerCapable(type))
    .sort((a, b) => a.vcpu - b.vcpu || a.memoryGiB - b.memoryGiB);
  const first = candidates[0];
  if (!first) throw new Error(`catalog: family ${family} has no ACK-capable single-GPU type`);
  return first.id;
}

const families: GpuFamily[] = FAMILY_ROWS.map((row) => ({
  name: row.name,
  gpuModel: row.gpuModel,
  gpuMemoryGiB: row.gpuMemoryGiB,
  systemDisks: row.systemDisks,
  defaultType: pickDefaultType(row.name),
}));
const familiesByName = new Map(families.map((family) => [family.name, family]));

export function listFamilies(): readonly GpuFamily[] {
  return families;
}

export function listInstanceTypes(): readonly InstanceType[] {
  return types;
}

export function findFamily(name: string): GpuFamily | undefined {
  return familiesByName.get(name.trim().toLowerCase());
}

/** Looks up a type id; case-insensitive, and the `ecs.` prefix may be left out. */
export function findInstanceType(id: string): InstanceType | undefined {
  const lower = id.trim().toLowerCase();
  return typesById.get(lower.startsWith('ecs.') ? lower : `ecs.${lower}`);
}

/**
 * Turns what a user typed after `create <count>` into a worker type: a family resolves to its
 * default type, an explicit type id is taken as is if ACK accepts it as a worker.
 */
export function resolveWorkerType(token: string): WorkerTypeResult {
  const family = findFamily(token);
  if (family) return { ok: true, type: requireType(family.defaultType) };
  const type = findInstanceType(token);
  if (type) {
    if (isWorkerCapable(type)) return { ok: true, type };
    return { ok: false, error: { reason: 'too-small', type, alternative: requireFamily(type.family).defaultType } };
  }
  const lower = token.trim().toLowerCase();
  if (/^(ecs\.)?vgn\d/.test(lower)) return { ok: false, error: { reason: 'vgpu', token: lower } };
  return { ok: false, error: { reason: 'unknown', token: lower, suggestions: nearest(lower) } };
}

/**
 * Families or type ids the user probably meant: a GPU model name (`t4`, `a100`) maps to its
 * families, otherwise the closest families and type ids by edit distance.
 */
export function nearest(token: string, limit = 3): string[] {
  const lower = token.trim().toLowerCase();
  const byModel = families.filter((family) => family.gpuModel.toLowerCase() === lower).map((family) => family.name);
  if (byModel.length > 0) return byModel.slice(0, limit);
  const bare = lower.startsWith('ecs.') ? lower.slice(4) : lower;
  const candidates = [...families.map((family) => family.name), ...types.map((type) => type.id.slice(4))];
  return closestWords(bare, candidates, limit).map((name) => (familiesByName.has(name) ? name : `ecs.${name}`));
}

/** Supported system-disk categories for a type, preferred first (ACK's `system_disk_categories` fallback list). */
export function systemDiskCategories(typeId: string): readonly SystemDiskCategory[] {
  return requireFamily(requireType(typeId).family).systemDisks;
}

/** The category to ask for first; gn5/gn5i cannot boot from ESSD. */
export function defaultSystemDisk(typeId: string): SystemDiskCategory {
  const first = systemDiskCategories(typeId)[0];
  if (!first) throw new Error(`catalog: no system disk category for ${typeId}`);
  return first;
}

function requireType(id: string): InstanceType {
  const type = findInstanceType(id);
  if (!type) throw new Error(`catalog: unknown instance type ${id}`);
  return type;
}

function requireFamily(name: string): GpuFamily {
  const family = familiesByName.get(name);
  if (!family) throw new Error(`catalog: unknown family ${name}`);
  return family;
}
