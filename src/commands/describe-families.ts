import { listFamilies } from '../catalog/gpu-catalog.js';

/** `gn5 (P100 16 GB),gn5i (P4 8 GB),...` for errors and help; messages join list params per language. */
export function describeFamilies(): string {
  return listFamilies()
    .map((family) => `${family.name} (${family.gpuModel} ${family.gpuMemoryGiB} GB)`)
    .join(',');
}
