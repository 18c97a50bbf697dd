import { businessError } from './api-errors.js';
import type { CsHandler } from './cs-call.js';
import { formatUtc } from './ids.js';
import { renderClusterDetail, renderLog, renderTask } from './render-cluster.js';
import type { ClusterRecord, EmulatorState } from './state.js';

/**
 * A cluster as the endpoint called sees it: a regional endpoint knows only its region's clusters
 * (Alibaba serves a resource at the endpoint of its region), the central one knows them all.
 * Deleted clusters are not found unless `withDeleted` (DescribeClusterDetail shows them a while).
 */
export function findCluster(
  state: EmulatorState,
  clusterId: string,
  endpointRegion: string | undefined,
  withDeleted = false,
): ClusterRecord {
  const cluster = state.clusters.get(clusterId);
  const visible =
    cluster !== undefined &&
    (endpointRegion === undefined || cluster.regionId === endpointRegion) &&
    (withDeleted || cluster.state !== 'deleted');
  if (!visible) throw businessError(404, 'ErrorClusterNotFound', `cluster ${clusterId} not found`);
  return cluster;
}

/** GET /clusters/{id} */
export const handleDescribeClusterDetail: CsHandler = (state, call) =>
  renderClusterDetail(findCluster(state, call.params[0] ?? '', call.endpointRegion, true));

/** GET /tasks/{task_id}: like its cluster, a task is found only at its region's endpoint. */
export const handleDescribeTaskInfo: CsHandler = (state, call) => {
  const task = state.tasks.get(call.params[0] ?? '');
  const region = task === undefined ? undefined : task.parameters['region_id'];
  if (task === undefined || (call.endpointRegion !== undefined && region !== call.endpointRegion)) {
    throw businessError(404, 'ErrorTaskNotFound', `task ${call.params[0] ?? ''} not found`);
  }
  return renderTask(state, task);
};

/** GET /clusters/{id}/logs */
export const handleDescribeClusterLogs: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion, true);
  return state.logsOf(cluster.clusterId).map(renderLog);
};

const DEFAULT_KUBECONFIG_MINUTES = 3 * 365 * 24 * 60;

/** GET /k8s/{id}/user_config: `{config, expiration}`; only a running cluster has a kubeconfig. */
export const handleDescribeClusterUserKubeconfig: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion);
  if (cluster.state !== 'running' || cluster.kubeconfig === undefined) {
    throw businessError(
      400,
      'ErrorClusterNotRunning',
      `cluster ${cluster.clusterId} is ${cluster.state}; a kubeconfig is available once it is running`,
    );
  }
  const raw = call.query['TemporaryDurationMinutes'];
  let minutes = DEFAULT_KUBECONFIG_MINUTES;
  if (raw !== undefined && raw !== '') {
    minutes = Number(raw);
    if (!Number.isInteger(minutes) || minutes < 15 || minutes > 4320) {
      throw businessError(400, 'InvalidParameter', 'TemporaryDurationMinutes must be an integer from 15 to 4320.');
    }
  }
  return { config: cluster.kubeconfig, expiration: formatUtc(state.now() + minutes * 60_000) };
};

/** GET /regions/{region_id}/clusters (DescribeClustersForRegion), newest first; deleted ones show a while. */
export const handleDescribeClustersForRegion: CsHandler = (state, call) => {
  const regionId = call.params[0] ?? '';
  if (call.endpointRegion !== undefined && call.endpointRegion !== regionId) {
    throw businessError(
      400,
      'InvalidParameter',
      `The clusters of ${regionId} are served by cs.${regionId}.aliyuncs.com, not by the ${call.endpointRegion} endpoint.`,
    );
  }
  const q = call.query;
  const pageSize = pageParam(q['page_size'], 10, 'page_size');
  const pageNumber = pageParam(q['page_number'], 1, 'page_number');
  if (pageSize > 100) throw businessError(400, 'InvalidParameter', 'page_size must not exceed 100.');
  const name = q['name']?.toLowerCase();
  const matches = [...state.clusters.values()]
    .filter((c) => c.regionId === regionId)
    .filter((c) => name === undefined || name === '' || c.name.toLowerCase().includes(name))
    .filter((c) => !q['cluster_type'] || c.clusterType === q['cluster_type'])
    .filter((c) => !q['cluster_spec'] || c.clusterSpec === q['cluster_spec'])
    .filter((c) => !q['profile'] || c.profile === q['profile'])
    .filter((c) => !q['cluster_id'] || c.clusterId === q['cluster_id'])
    .sort((a, b) => b.seq - a.seq);
  const page = matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    clusters: page.map(renderClusterDetail),
    page_info: { page_number: pageNumber, page_size: pageSize, total_count: matches.length },
  };
};

function pageParam(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw businessError(400, 'InvalidParameter', `${name} must be a positive integer.`);
  return n;
}

/**
 * GET /quota. The `quotas` map carries the one operation code public material confirms,
 * `q_Kubernetes_Cluster` (unit `Cluster`). Its key is not documented, so the emulator keys it by
 * something else: clients must read `operation_code`. The top-level fields carry the rest.
 */
export const handleDescribeUserQuota: CsHandler = (state) => {
  const q = state.quota;
  return {
    cluster_quota: q.clusters,
    node_quota: q.nodesPerCluster,
    cluster_nodepool_quota: q.nodePoolsPerCluster,
    amk_cluster_quota: q.managedClusters,
    ask_cluster_quota: q.serverlessClusters,
    quotas: {
      'cs.cluster.count': {
        quota: String(q.clusters),
        operation_code: 'q_Kubernetes_Cluster',
        adjustable: true,
        unit: 'Cluster',
      },
    },
  };
};

/** DescribeClusters / DescribeClustersV1 were decommissioned in the 2026 ACK API change. */
export const handleDecommissioned: CsHandler = () => {
  throw businessError(
    400,
    'ErrorApiDecommissioned',
    'This API was decommissioned in the 2026 ACK OpenAPI change; use DescribeClustersForRegion (GET /regions/{region_id}/clusters).',
  );
};
