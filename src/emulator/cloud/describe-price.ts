import { gatewayError } from './api-errors.js';
import { findInstanceType, supportedSystemDisks } from './instance-types.js';
import { diskPerHour, instancePerHour, round } from './price-list.js';
import type { EmulatorState } from './state.js';

const missing = (name: string) =>
  gatewayError(
    400,
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );

function detail(resource: string, price: number) {
  return { Resource: resource, OriginalPrice: price, DiscountPrice: 0, TradePrice: price };
}

/**
 * ECS DescribePrice for pay-as-you-go instances (ResourceType `instance`, PriceUnit `Hour`), from
 * the emulator's price list: `PriceInfo.Price` with Currency, OriginalPrice, DiscountPrice,
 * TradePrice and DetailInfos, as ECS answers it. `Amount` instances, `Period` hours.
 */
export function describePrice(state: EmulatorState, p: Record<string, string>): Record<string, unknown> {
  const regionId = p['RegionId'];
  if (!regionId) throw missing('RegionId');
  if (!state.regions.hasRegion(regionId))
    throw gatewayError(400, 'InvalidRegionId.NotFound', `The specified region ${regionId} does not exist.`);
  const resourceType = p['ResourceType'] ?? 'instance';
  if (resourceType !== 'instance') {
    throw gatewayError(
      400,
      'InvalidParameter',
      `ResourceType ${resourceType} is not served by the gpubot emulator (instance is).`,
    );
  }
  const typeId = p['InstanceType'];
  if (!typeId) throw missing('InstanceType');
  const type = findInstanceType(typeId);
  if (!type) throw gatewayError(400, 'InvalidInstanceType.NotFound', `The specified InstanceType ${typeId} does not exist.`);
  const unit = p['PriceUnit'] ?? 'Hour';
  if (!['Hour', 'Week', 'Month', 'Year'].includes(unit)) {
    throw gatewayError(400, 'InvalidPriceUnit.ValueNotSupported', `The specified PriceUnit ${unit} is not valid.`);
  }
  if (unit !== 'Hour') throw gatewayError(400, 'InvalidParameter', 'The gpubot emulator prices pay-as-you-go hours only.');
  const amount = Number(p['Amount'] ?? 1);
  const period = Number(p['Period'] ?? 1);
  if (!Number.isInteger(amount) || amount < 1 || amount > 1000) {
    throw gatewayError(400, 'InvalidAmount.ValueNotSupported', `The specified Amount ${p['Amount']} is not valid.`);
  }
  if (!Number.isInteger(period) || period < 1) {
    throw gatewayError(400, 'InvalidPeriod.ValueNotSupported', `The specified Period ${p['Period']} is not valid.`);
  }
  const category = p['SystemDisk.Category'] ?? supportedSystemDisks(typeId)[0] ?? 'cloud_efficiency';
  if (!supportedSystemDisks(typeId).includes(category)) {
    throw gatewayError(
      400,
      'InvalidSystemDiskCategory.ValueNotSupported',
      `The system disk category ${category} is not supported by ${typeId}.`,
    );
  }
  const size = Number(p['SystemDisk.Size'] ?? 40);
  const disk = diskPerHour(category, size);
  if (disk === undefined || !Number.isInteger(size) || size < 20 || size > 2048) {
    throw gatewayError(400, 'InvalidSystemDiskSize', `The specified SystemDisk.Size ${p['SystemDisk.Size']} is not valid.`);
  }
  const times = amount * period;
  const instance = round(instancePerHour(type) * times);
  const disks = round(disk * times);
  const total = round(instance + disks);
  return {
    PriceInfo: {
      Price: {
        Currency: 'CNY',
        OriginalPrice: total,
        DiscountPrice: 0,
        TradePrice: total,
        DetailInfos: { DetailInfo: [detail('instanceType', instance), detail('systemDisk', disks)] },
      },
      Rules: { Rule: [] },
    },
  };
}
