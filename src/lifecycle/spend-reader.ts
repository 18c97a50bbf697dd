/**
 * The price gpubot quoted for a cluster when it was created (spend metering keeps it), per hour.
 * `undefined`, or no price: not known, and the warning says so rather than guessing.
 */
export interface SpendReader {
  usage(clusterId: string, now: number): Promise<{ readonly pricePerHour?: number; readonly currency?: string } | undefined>;
}
