import { gatewayError } from './api-errors.js';
import type { EmulatorState } from './state.js';
import { hasStock } from './stock.js';
import type { StockCategory } from './types.js';

interface Supported {
  Value: string;
  Status: 'Available' | 'SoldOut';
  StatusCategory: StockCategory;
}

/**
 * ECS DescribeAvailableResource (ACK notes §8) for DestinationResource Zone and InstanceType.
 * `soldOut` (a stock-out fault) reports every type as WithoutStock.
 */
export function describeAvailableResource(
  state: EmulatorState,
  p: Record<string, string>,
  soldOut: boolean,
): Record<string, unknown> {
  const regionId = p['RegionId'];
  if (regionId === undefined || regionId === '') {
    throw gatewayError(
      400,
      'MissingParameter',
      'The input parameter "RegionId" that is mandatory for processing this request is not supplied.',
    );
  }
  if (!state.regions.hasRegion(regionId))
    throw gatewayError(400, 'InvalidRegionId.NotFound', `The specified region ${regionId} does not exist.`);
  const destination = p['DestinationResource'];
  if (destination === undefined || destination === '') {
    throw gatewayError(
      400,
      'MissingParameter',
      'The input parameter "DestinationResource" that is mandatory for processing this request is not supplied.',
    );
  }
  if (destination !== 'Zone' && destination !== 'InstanceType') {
    throw gatewayError(
      400,
      'InvalidParameter',
      `DestinationResource ${destination} is not served by the gpubot emulator (Zone and InstanceType are).`,
    );
  }
  const chargeType = p['InstanceChargeType'] ?? 'PostPaid';
  if (chargeType !== 'PostPaid' && chargeType !== 'PrePaid')
    throw gatewayError(400, 'InvalidInstanceChargeType.NotFound', `Unknown InstanceChargeType ${chargeType}.`);
  const zoneFilter = p['ZoneId'];
  if (zoneFilter && !state.regions.zones(regionId).includes(zoneFilter)) {
    throw gatewayError(400, 'InvalidZoneId.NotFound', `The specified zone ${zoneFilter} does not exist in ${regionId}.`);
  }
  const typeFilter = p['InstanceType'];

  const zones = [];
  for (const zoneId of state.regions.zones(regionId)) {
    if (zoneFilter && zoneId !== zoneFilter) continue;
    const types = state.stock.typesIn(regionId, zoneId).filter((t) => !typeFilter || t === typeFilter);
    const supported = types.map((t): Supported => {
      const category: StockCategory = soldOut ? 'WithoutStock' : (state.stock.get(regionId, zoneId, t) ?? 'ClosedWithoutStock');
      return { Value: t, Status: hasStock(category) ? 'Available' : 'SoldOut', StatusCategory: category };
    });
    if (supported.length === 0) continue; // a zone that does not sell the type at all is left out, as ECS does
    const zoneStock = bestCategory(supported.map((s) => s.StatusCategory));
    const resource =
      destination === 'Zone'
        ? {
            Type: 'Zone',
            SupportedResources: { SupportedResource: [{ Value: zoneId, Status: status(zoneStock), StatusCategory: zoneStock }] },
          }
        : { Type: 'InstanceType', SupportedResources: { SupportedResource: supported } };
    zones.push({
      RegionId: regionId,
      ZoneId: zoneId,
      Status: status(zoneStock),
      StatusCategory: zoneStock,
      AvailableResources: { AvailableResource: [resource] },
    });
  }
  return { AvailableZones: { AvailableZone: zones } };
}

const ORDER: readonly StockCategory[] = ['WithStock', 'ClosedWithStock', 'WithoutStock', 'ClosedWithoutStock'];

function bestCategory(categories: StockCategory[]): StockCategory {
  return ORDER.find((c) => categories.includes(c)) ?? 'ClosedWithoutStock';
}

function status(category: StockCategory): 'Available' | 'SoldOut' {
  return hasStock(category) ? 'Available' : 'SoldOut';
}
