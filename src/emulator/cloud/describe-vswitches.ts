import { gatewayError } from './api-errors.js';
import type { EmulatorState } from './state.js';

const MAX_PAGE_SIZE = 50;

function pageParam(raw: string | undefined, fallback: number, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw gatewayError(
      400,
      `InvalidParameter.${name}`,
      `${name} must be an integer from 1 to ${max === Number.MAX_SAFE_INTEGER ? 'n' : max}.`,
    );
  }
  return n;
}

/**
 * VPC DescribeVSwitches (2016-04-28): filters `RegionId`, `VpcId`, `VSwitchId`, `ZoneId`; paged
 * by `PageNumber` / `PageSize` (default 10, at most 50). At least one of RegionId and VpcId.
 */
export function describeVSwitches(state: EmulatorState, p: Record<string, string>): Record<string, unknown> {
  const regionId = p['RegionId'] || undefined;
  const vpcId = p['VpcId'] || undefined;
  if (regionId === undefined && vpcId === undefined) {
    throw gatewayError(400, 'MissingParameter', 'Specify at least one of RegionId and VpcId.');
  }
  if (regionId !== undefined && !state.regions.hasRegion(regionId)) {
    throw gatewayError(400, 'InvalidRegionId.NotFound', `The specified region ${regionId} does not exist.`);
  }
  const pageSize = pageParam(p['PageSize'], 10, 'PageSize', MAX_PAGE_SIZE);
  const pageNumber = pageParam(p['PageNumber'], 1, 'PageNumber');
  const matches = state.networks.list({
    ...(regionId ? { regionId } : {}),
    ...(vpcId ? { vpcId } : {}),
    ...(p['VSwitchId'] ? { vswitchId: p['VSwitchId'] } : {}),
    ...(p['ZoneId'] ? { zoneId: p['ZoneId'] } : {}),
  });
  const page = matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    TotalCount: matches.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    VSwitches: {
      VSwitch: page.map((vs) => ({
        VSwitchId: vs.vswitchId,
        VpcId: vs.vpcId,
        ZoneId: vs.zoneId,
        CidrBlock: vs.cidr,
        Status: 'Available',
        VSwitchName: '',
        IsDefault: false,
        AvailableIpAddressCount: 4000,
      })),
    },
  };
}
