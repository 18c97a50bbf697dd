/**
 * What a cluster has cost so far, where gpubot knows its price (spend metering records the price
 * quoted at creation). `undefined`, or no `spend`: not known, and the warning says so rather than
 * guessing.
 */
export interface SpendReader {
  usage(
    clusterId: string,
    now: number,
  ): Promise<{ readonly spend?: number; readonly pricePerHour?: number; readonly currency?: string } | undefined>;
}
