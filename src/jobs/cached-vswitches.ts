import type { CloudProvider } from '../cloud/port.js';
import type { SharedCache } from '../shared-cache/shared-cache.js';

/**
 * How long a VPC's vSwitches, as DescribeVSwitches described them, serve every create. A vSwitch
 * never changes zone and a VPC's vSwitches change rarely, so a burst of creates in a configured
 * VPC reads them once (pre-flight, and again for the node pools if the clusters took longer).
 */
export const VSWITCH_CACHE_MS = 5 * 60_000;

/** DescribeVSwitches through the cache every job of every worker shares, per region and VPC. */
export function cachedVSwitches(deps: {
  readonly cloud: Pick<CloudProvider, 'listVSwitches'>;
  readonly cache: SharedCache;
}): Pick<CloudProvider, 'listVSwitches'> {
  return {
    listVSwitches: (regionId, vpcId) =>
      deps.cache.get(`vswitches:${regionId}:${vpcId}`, VSWITCH_CACHE_MS, () => deps.cloud.listVSwitches(regionId, vpcId)),
  };
}
