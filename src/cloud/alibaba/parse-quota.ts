import type { AccountQuota } from '../port.js';
import type { Json } from './call-cloud.js';

/**
 * DescribeUserQuota. Entries of the `quotas` map ("new quota items; when present they prevail")
 * are recognised by their `operation_code`, since the map's keys are not documented; the flat
 * fields are the fallback. Only the codes Alibaba documents are mapped.
 */
const OPERATION_CODES: Readonly<Record<string, keyof AccountQuota>> = {
  q_Kubernetes_Cluster: 'clusters',
};

function positive(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function fromQuotasMap(answer: Json): Partial<Record<keyof AccountQuota, number>> {
  const entries = answer.quotas && typeof answer.quotas === 'object' ? Object.values(answer.quotas as Json) : [];
  const found: Partial<Record<keyof AccountQuota, number>> = {};
  for (const entry of entries) {
    if (!entry || typeof entry !== 'object') continue;
    const field = OPERATION_CODES[String((entry as Json).operation_code ?? '')];
    const value = positive((entry as Json).quota);
    if (field && value !== undefined) found[field] = value;
  }
  return found;
}

export function parseQuota(answer: Json): AccountQuota {
  const listed = fromQuotasMap(answer);
  const managed = listed.managedClusters ?? positive(answer.amk_cluster_quota);
  const nodePools = listed.nodePoolsPerCluster ?? positive(answer.cluster_nodepool_quota);
  return {
    clusters: listed.clusters ?? positive(answer.cluster_quota) ?? 50,
    nodesPerCluster: listed.nodesPerCluster ?? positive(answer.node_quota) ?? 100,
    ...(managed !== undefined ? { managedClusters: managed } : {}),
    ...(nodePools !== undefined ? { nodePoolsPerCluster: nodePools } : {}),
  };
}
