import type { CloudProvider, VSwitch, ZoneStock } from '../cloud/port.js';
import { UserFacingError } from '../errors.js';
import { text } from '../i18n/text.js';
import type { ClusterSettings } from './job-deps.js';

/** A node pool takes at most eight vSwitches (CreateClusterNodePool). */
const MAX_POOL_VSWITCHES = 8;

/** Where a new cluster's network and GPU workers go. */
export interface NetworkPlan {
  /** The zone workers go to first. */
  readonly zoneId: string;
  /** Zones with the type in stock, in the order workers try them. */
  readonly stockZoneIds: readonly string[];
  /** ACK creates the VPC: `zone_ids` (the stock zones, plus another zone when only one has stock). */
  readonly clusterZoneIds?: readonly string[];
  /** A configured VPC: its vSwitches in the stock zones, in the same order, for the node pool. */
  readonly poolVswitchIds?: readonly string[];
}

/** The configured vSwitches in zones with stock, ordered as the zones are. */
export function vswitchesInZones(vswitches: readonly VSwitch[], zoneIds: readonly string[]): string[] {
  return zoneIds
    .flatMap((zoneId) => vswitches.filter((vs) => vs.zoneId === zoneId).map((vs) => vs.vswitchId))
    .slice(0, MAX_POOL_VSWITCHES);
}

/**
 * Without a configured VPC, ACK creates one with a vSwitch in each zone with stock; a second zone
 * is added when only one has stock, because a load balancer (NLB) needs vSwitches in two zones.
 * With a configured VPC, the GPU pool gets only its vSwitches in zones with stock, and a request
 * none of them can serve is refused before anything is spent.
 */
export async function planNetwork(
  deps: { readonly cloud: Pick<CloudProvider, 'listVSwitches'>; readonly settings: ClusterSettings },
  region: string,
  zones: readonly ZoneStock[],
  stock: readonly ZoneStock[],
): Promise<NetworkPlan> {
  const stockZoneIds = zones.map((zone) => zone.zoneId).slice(0, MAX_POOL_VSWITCHES);
  const { vpcId, vpcRegionId, vswitchIds } = deps.settings;
  if (!vpcId || vpcRegionId !== region) {
    const other = stock.map((zone) => zone.zoneId).find((zoneId) => !stockZoneIds.includes(zoneId));
    const clusterZoneIds = stockZoneIds.length === 1 && other ? [...stockZoneIds, other] : stockZoneIds;
    const [zoneId] = stockZoneIds;
    if (!zoneId) throw new Error('planNetwork needs at least one zone with stock');
    return { zoneId, stockZoneIds, clusterZoneIds };
  }
  const all = await deps.cloud.listVSwitches(region, vpcId);
  const configured = all.filter((vs) => vswitchIds.includes(vs.vswitchId));
  const missing = vswitchIds.filter((id) => !configured.some((vs) => vs.vswitchId === id));
  if (missing.length > 0) {
    throw new UserFacingError(
      'preflight.vswitch_not_found',
      text('cluster.error.vswitchNotInVpc', { vswitches: missing.join(', '), vpcId, region }),
    );
  }
  const poolVswitchIds = vswitchesInZones(configured, stockZoneIds);
  const first = configured.find((vs) => vs.vswitchId === poolVswitchIds[0]);
  if (!first) {
    throw new UserFacingError(
      'preflight.vswitches_no_stock',
      text('cluster.error.vswitchesNoStock', {
        zones: [...new Set(configured.map((vs) => vs.zoneId))].join(', '),
        stockZones: stockZoneIds.join(', '),
      }),
    );
  }
  const usable = stockZoneIds.filter((zoneId) => configured.some((vs) => vs.zoneId === zoneId));
  return { zoneId: first.zoneId, stockZoneIds: usable, poolVswitchIds };
}
