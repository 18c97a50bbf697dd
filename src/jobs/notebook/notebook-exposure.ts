import type { ClusterRef } from '../../cloud/port.js';
import type { NotebookConfig } from '../../config/config.js';
import { UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import type { NotebookExposure, ZoneMapping } from '../../kube/port.js';
import type { NotebookDeps } from './notebook-deps.js';

/** One vSwitch per zone, in the cluster's order: what an NLB's zone maps name. */
export function zoneMapsOf(vswitches: readonly { vswitchId: string; zoneId: string }[]): ZoneMapping[] {
  const maps: ZoneMapping[] = [];
  for (const vs of vswitches) {
    if (!maps.some((map) => map.zoneId === vs.zoneId)) maps.push({ zoneId: vs.zoneId, vswitchId: vs.vswitchId });
  }
  return maps;
}

/**
 * How the notebook is reached. A CLB needs nothing from the cloud; an NLB is placed on the
 * cluster's own vSwitches (DescribeClusterDetail, zones from VPC DescribeVSwitches), which must
 * span two zones: otherwise the start is refused before anything is created.
 */
export async function exposureFor(
  deps: NotebookDeps,
  cluster: ClusterRef & { name: string },
  settings: NotebookConfig,
): Promise<NotebookExposure> {
  const common = { addressType: settings.lbAddressType, sourceRanges: settings.sourceRanges };
  if (settings.loadBalancer === 'clb') return { ...common, loadBalancer: 'clb' };
  // One look at the cluster's network per poll interval, shared by every notebook starting on it.
  const zoneMaps = await deps.cache.get(`zone-maps:${cluster.clusterId}`, deps.pollIntervalMs, async () => {
    const detail = await deps.cloud.describeCluster(cluster);
    const vpcVswitches = detail?.vpcId ? await deps.cloud.listVSwitches(cluster.regionId, detail.vpcId) : [];
    return zoneMapsOf((detail?.vswitchIds ?? []).flatMap((id) => vpcVswitches.filter((vs) => vs.vswitchId === id)));
  });
  if (zoneMaps.length < 2) {
    throw new UserFacingError(
      'notebook.nlb_zones',
      text('notebook.error.nlbZones', { cluster: cluster.name, zones: zoneMaps.map((map) => map.zoneId).join(', ') || '-' }),
    );
  }
  return { ...common, loadBalancer: 'nlb', zoneMaps };
}
