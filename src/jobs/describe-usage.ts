import type { ClusterSummary } from '../cloud/port.js';
import { text, type Text } from '../i18n/text.js';
import type { ClusterUsage } from '../spend/usage-meter.js';
import { tagValue, TAG_OWNER } from './cluster-tags.js';

/** How long clusters ran and what they cost so far, as of now (the usage meter). */
export interface UsageReader {
  usage(clusterId: string): Promise<ClusterUsage | undefined>;
}

/** What a cluster has run and cost so far, per cluster id; empty where gpubot does not meter. */
export async function usageOf(reader: UsageReader | undefined, clusters: readonly ClusterSummary[]): Promise<Map<string, Text>> {
  const found = new Map<string, Text>();
  if (!reader) return found;
  for (const cluster of clusters) {
    const usage = await reader.usage(cluster.clusterId);
    if (!usage) continue;
    found.set(
      cluster.clusterId,
      text('spend.usage.cluster', {
        hours: usage.hours,
        ...(usage.spend !== undefined ? { spend: usage.spend, price: usage.pricePerHour, currency: usage.currency } : {}),
      }),
    );
  }
  return found;
}

/** One line per owner: clusters running, cluster-hours and spend so far, of the clusters given. */
export async function ownerTotals(reader: UsageReader | undefined, clusters: readonly ClusterSummary[]): Promise<Text[]> {
  if (!reader) return [];
  const totals = new Map<string, { clusters: number; hours: number; spend: number; currency?: string }>();
  for (const cluster of clusters) {
    const usage = await reader.usage(cluster.clusterId);
    if (!usage) continue;
    const owner = tagValue(cluster, TAG_OWNER) ?? usage.owner;
    const total = totals.get(owner) ?? { clusters: 0, hours: 0, spend: 0 };
    totals.set(owner, {
      clusters: total.clusters + 1,
      hours: total.hours + usage.hours,
      spend: total.spend + (usage.spend ?? 0),
      ...(usage.currency ? { currency: usage.currency } : total.currency ? { currency: total.currency } : {}),
    });
  }
  return [...totals.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([owner, total]) => text('spend.usage.owner', { owner, ...total }));
}
