/** Region ids: `cn-hangzhou`, `ap-southeast-1`, `cn-shanghai-finance-1`. */
const REGION = /^[a-z]{2}(-[a-z0-9]+)+$/;
/** Zone ids add a zone letter: `cn-hangzhou-h`, `ap-southeast-1a`, `cn-shanghai-finance-1z`. */
const ZONE = /^[a-z]{2}(-[a-z0-9]+)+-[a-z0-9]*[a-z]$/;
const MAX_LOCATION_CHARS = 64;

export function isRegionId(value: string): boolean {
  return value.length <= MAX_LOCATION_CHARS && REGION.test(value);
}

export function isZoneId(value: string): boolean {
  return value.length <= MAX_LOCATION_CHARS && ZONE.test(value);
}

/** Alibaba zone ids extend their region id (`cn-hangzhou` -> `cn-hangzhou-h`, `ap-southeast-1` -> `ap-southeast-1a`). */
export function isZoneInRegion(zone: string, region: string): boolean {
  return zone.length > region.length && zone.startsWith(region);
}
