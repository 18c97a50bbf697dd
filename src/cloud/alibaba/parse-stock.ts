import type { ZoneStock } from '../port.js';
import type { Json } from './call-cloud.js';

/** DescribeAvailableResource: each zone, and whether `instanceType` is in stock there. */
export function parseStock(answer: Json, instanceType: string): ZoneStock[] {
  const zones = ((answer.AvailableZones ?? {}) as Json).AvailableZone;
  return (Array.isArray(zones) ? (zones as Json[]) : []).map((zone) => {
    const resources = ((zone.AvailableResources ?? {}) as Json).AvailableResource;
    const supported = (Array.isArray(resources) ? (resources as Json[]) : []).flatMap((resource) => {
      const list = ((resource.SupportedResources ?? {}) as Json).SupportedResource;
      return Array.isArray(list) ? (list as Json[]) : [];
    });
    const match = supported.find((item) => item.Value === instanceType);
    const status = String(match?.StatusCategory ?? (match ? match.Status : 'WithoutStock') ?? 'WithoutStock');
    const available = match !== undefined && match.Status !== 'SoldOut' && /^(WithStock|ClosedWithStock)$/.test(status);
    return { zoneId: String(zone.ZoneId ?? ''), status, available };
  });
}
