import type { ZoneStock } from '../cloud/port.js';
import type { ResolvedClusterCreate } from '../commands/types.js';
import { UserFacingError } from '../errors.js';
import { text } from '../i18n/text.js';

/** Zones ranked for a new cluster: replenished stock first, then stock that will not be replenished. */
export function rankZones(stock: readonly ZoneStock[]): ZoneStock[] {
  const rank = (zone: ZoneStock) => (zone.status === 'WithStock' ? 0 : 1);
  return stock.filter((zone) => zone.available).sort((a, b) => rank(a) - rank(b) || a.zoneId.localeCompare(b.zoneId));
}

export function chooseZone(stock: readonly ZoneStock[], requested?: string): ZoneStock | undefined {
  const usable = rankZones(stock);
  return requested ? usable.find((zone) => zone.zoneId === requested) : usable[0];
}

/** The zones that have the type in stock, the one to use first; refuses when there is none. */
export function stockZones(command: ResolvedClusterCreate, stock: readonly ZoneStock[]): ZoneStock[] {
  const region = command.region;
  if (stock.length === 0) {
    throw new UserFacingError(
      'preflight.no_zones',
      text('cluster.error.typeNotOffered', { instanceType: command.instanceType, region }),
    );
  }
  if (command.zone && !stock.some((zone) => zone.zoneId === command.zone)) {
    throw new UserFacingError(
      'preflight.unknown_zone',
      text('cluster.error.unknownZone', { zone: command.zone, region, zones: stock.map((zone) => zone.zoneId).join(', ') }),
    );
  }
  const ranked = rankZones(stock);
  const chosen = chooseZone(stock, command.zone);
  if (!chosen) {
    const key = command.zone ? 'cluster.error.zoneNoStock' : 'cluster.error.noStock';
    throw new UserFacingError(
      'preflight.no_stock',
      text(key, {
        zone: command.zone ?? '',
        region,
        instanceType: command.instanceType,
        zones: ranked.map((zone) => zone.zoneId).join(', ') || '-',
      }),
    );
  }
  // zone= asks for that zone only; otherwise every zone with stock, the best first, the rest as fallbacks.
  return command.zone ? [chosen] : ranked;
}
