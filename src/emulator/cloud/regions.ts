import type { RegionSpec } from './types.js';

/** A few real regions with real zone letters; enough for zone choice to matter. */
export const DEFAULT_REGIONS: readonly RegionSpec[] = [
  { regionId: 'cn-hangzhou', zoneIds: ['cn-hangzhou-g', 'cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k'] },
  {
    regionId: 'cn-beijing',
    zoneIds: ['cn-beijing-g', 'cn-beijing-h', 'cn-beijing-i', 'cn-beijing-j', 'cn-beijing-k', 'cn-beijing-l'],
  },
  { regionId: 'cn-shanghai', zoneIds: ['cn-shanghai-b', 'cn-shanghai-e', 'cn-shanghai-f', 'cn-shanghai-g', 'cn-shanghai-l'] },
  { regionId: 'cn-shenzhen', zoneIds: ['cn-shenzhen-d', 'cn-shenzhen-e', 'cn-shenzhen-f'] },
];

export class RegionBook {
  private readonly zonesByRegion: Map<string, readonly string[]>;

  constructor(regions: readonly RegionSpec[]) {
    this.zonesByRegion = new Map(regions.map((r) => [r.regionId, [...r.zoneIds]]));
  }

  regionIds(): string[] {
    return [...this.zonesByRegion.keys()];
  }

  hasRegion(regionId: string): boolean {
    return this.zonesByRegion.has(regionId);
  }

  zones(regionId: string): readonly string[] {
    return this.zonesByRegion.get(regionId) ?? [];
  }
}
