import { listInstanceTypes } from './instance-types.js';
import type { RegionBook } from './regions.js';
import type { StockCategory } from './types.js';

/**
 * What each zone can sell. Every known type is sold everywhere by default, except that gn5 is sold out
 * in cn-hangzhou-g and low-stock in cn-hangzhou-k, so a client that ignores DescribeAvailableResource
 * and takes the first zone fails the way it would on the real cloud.
 */
export class StockBook {
  private readonly entries = new Map<string, StockCategory>();

  constructor(private readonly regions: RegionBook) {
    for (const regionId of regions.regionIds()) {
      for (const zoneId of regions.zones(regionId)) {
        for (const type of listInstanceTypes()) this.entries.set(key(regionId, zoneId, type.id), 'WithStock');
      }
    }
    for (const type of listInstanceTypes().filter((t) => t.family === 'gn5')) {
      this.setIfKnown('cn-hangzhou', 'cn-hangzhou-g', type.id, 'WithoutStock');
      this.setIfKnown('cn-hangzhou', 'cn-hangzhou-k', type.id, 'ClosedWithStock');
    }
  }

  set(regionId: string, zoneId: string, instanceType: string, category: StockCategory): void {
    if (!this.regions.zones(regionId).includes(zoneId)) {
      throw new Error(`setStock: zone ${zoneId} is not a zone of region ${regionId} in this emulator`);
    }
    this.entries.set(key(regionId, zoneId, instanceType), category);
  }

  /** Undefined when the type is not sold in the zone at all. */
  get(regionId: string, zoneId: string, instanceType: string): StockCategory | undefined {
    return this.entries.get(key(regionId, zoneId, instanceType));
  }

  /** Instance types with any entry in the zone, in table order. */
  typesIn(regionId: string, zoneId: string): string[] {
    const prefix = `${regionId}|${zoneId}|`;
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  private setIfKnown(regionId: string, zoneId: string, instanceType: string, category: StockCategory): void {
    if (this.regions.zones(regionId).includes(zoneId)) this.entries.set(key(regionId, zoneId, instanceType), category);
  }
}

export function hasStock(category: StockCategory | undefined): boolean {
  return category === 'WithStock' || category === 'ClosedWithStock';
}

function key(regionId: string, zoneId: string, instanceType: string): string {
  return `${regionId}|${zoneId}|${instanceType}`;
}
