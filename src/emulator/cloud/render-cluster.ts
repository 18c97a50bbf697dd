import { parse as parseYaml } from 'yaml';
import { formatAckTime } from './ids.js';
import type { ClusterRecord, EmulatorState, LogRecord, TaskRecord } from './state.js';

/** DescribeClusterDetail body (ACK notes §3), without the fields the 2026 change removed. */
export function renderClusterDetail(c: ClusterRecord): Record<string, unknown> {
  return {
    cluster_id: c.clusterId,
    cluster_type: c.clusterType,
    cluster_spec: c.clusterSpec,
    profile: c.profile,
    name: c.name,
    region_id: c.regionId,
    zone_id: c.zoneId,
    vpc_id: c.vpcId,
    vswitch_id: c.vswitchIds.join(','),
    vswitch_ids: [...c.vswitchIds],
    security_group_id: c.securityGroupId,
    container_cidr: c.containerCidr,
    subnet_cidr: c.containerCidr,
    service_cidr: c.serviceCidr,
    node_cidr_mask: '26',
    proxy_mode: c.proxyMode,
    ip_stack: 'ipv4',
    network_mode: 'vpc',
    state: c.state,
    size: c.state === 'running' ? c.nodes.length : 0,
    created: formatAckTime(c.created),
    updated: formatAckTime(c.updated),
    init_version: c.kubernetesVersion,
    current_version: c.kubernetesVersion,
    next_version: '',
    deletion_protection: c.deletionProtection,
    master_url: JSON.stringify(masterUrl(c)),
    private_zone: false,
    resource_group_id: c.resourceGroupId,
    tags: c.tags.map((t) => ({ ...t })),
    timezone: 'Asia/Shanghai',
    worker_ram_role_name: `KubernetesWorkerRole-${c.clusterId.slice(1, 13)}`,
    maintenance_window: { enable: false },
    operation_policy: {},
    cluster_domain: 'cluster.local',
  };
}

/** `master_url` is a JSON string; the public endpoint is the emulated API server from the kubeconfig. */
function masterUrl(c: ClusterRecord): Record<string, string> {
  const intranet = `https://${c.apiServerIntranetIp}:6443`;
  if (!c.endpointPublicAccess || c.kubeconfig === undefined)
    return { api_server_endpoint: '', intranet_api_server_endpoint: intranet };
  return { api_server_endpoint: kubeconfigServer(c.kubeconfig) ?? '', intranet_api_server_endpoint: intranet };
}

function kubeconfigServer(kubeconfig: string): string | undefined {
  try {
    const doc = parseYaml(kubeconfig) as { clusters?: { cluster?: { server?: unknown } }[] } | null;
    const server = doc?.clusters?.[0]?.cluster?.server;
    return typeof server === 'string' ? server : undefined;
  } catch {
    return undefined;
  }
}

export function renderTask(state: EmulatorState, t: TaskRecord): Record<string, unknown> {
  const current = t.stages[t.stages.length - 1];
  return {
    task_id: t.taskId,
    cluster_id: t.clusterId,
    task_type: t.taskType,
    state: t.state,
    current_stage: current?.name ?? '',
    target: { id: t.clusterId, type: 'cluster' },
    parameters: { ...t.parameters },
    stages: t.stages.map((s) => ({
      state: s.state,
      start_time: formatAckTime(s.startTime),
      end_time: s.endTime === undefined ? '' : formatAckTime(s.endTime),
      message: s.message,
      outputs: { stage: s.name },
    })),
    events: state
      .logsOf(t.clusterId)
      .filter((l) => l.created >= t.created)
      .map((l) => ({
        action: 'log',
        level: l.level,
        message: l.message,
        reason: '',
        source: 'ack',
        timestamp: formatAckTime(l.created),
      })),
    error: t.error === undefined ? undefined : { ...t.error },
    created: formatAckTime(t.created),
    updated: formatAckTime(t.updated),
  };
}

export function renderLog(l: LogRecord): Record<string, unknown> {
  return {
    ID: l.id,
    cluster_id: l.clusterId,
    cluster_log: l.message,
    log_level: l.level,
    created: formatAckTime(l.created),
    updated: formatAckTime(l.created),
  };
}
