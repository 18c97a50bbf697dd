import type { ClusterDetail, ClusterSummary, NodePool, Tag, TaskInfo, VSwitch } from '../port.js';
import type { Json } from './call-cloud.js';
import { classifyCloudError } from './map-cloud-error.js';

export type { Json } from './call-cloud.js';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function tagsOf(value: unknown): Tag[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((tag) => tag as Json)
    .filter((tag) => typeof tag.key === 'string')
    .map((tag) => ({ key: String(tag.key), value: String(tag.value ?? '') }));
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str).filter((v): v is string => v !== undefined) : [];
}

function num(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** `regionId` is the region whose endpoint answered: a cluster lives there even if the body omits it. */
export function toClusterSummary(item: Json, regionId: string): ClusterSummary {
  const created = str(item.created);
  const zoneId = str(item.zone_id);
  const clusterSpec = str(item.cluster_spec);
  const vpcId = str(item.vpc_id);
  const vswitchIds = vswitchesOf(item);
  const securityGroupId = str(item.security_group_id);
  return {
    clusterId: String(item.cluster_id ?? ''),
    name: String(item.name ?? ''),
    regionId: str(item.region_id) ?? regionId,
    state: String(item.state ?? 'unknown'),
    clusterType: String(item.cluster_type ?? ''),
    ...(clusterSpec ? { clusterSpec } : {}),
    size: Number(item.size ?? 0) || 0,
    tags: tagsOf(item.tags),
    ...(created ? { created } : {}),
    ...(zoneId ? { zoneId } : {}),
    ...(vpcId ? { vpcId } : {}),
    ...(vswitchIds.length > 0 ? { vswitchIds } : {}),
    ...(securityGroupId ? { securityGroupId } : {}),
  };
}

/** `master_url` is a JSON string such as {"api_server_endpoint":"https://…:6443", …}. */
function apiServerOf(masterUrl: unknown): string | undefined {
  if (typeof masterUrl !== 'string' || masterUrl === '') return undefined;
  try {
    return str((JSON.parse(masterUrl) as Json).api_server_endpoint);
  } catch {
    return undefined;
  }
}

/** `vswitch_ids` (newer) or the comma-joined `vswitch_id` (older answers). */
function vswitchesOf(item: Json): string[] {
  const list = strings(item.vswitch_ids);
  if (list.length > 0) return list;
  return (str(item.vswitch_id) ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

export function toClusterDetail(item: Json, regionId: string): ClusterDetail {
  const apiServerEndpoint = apiServerOf(item.master_url);
  return {
    ...toClusterSummary(item, regionId),
    vswitchIds: vswitchesOf(item),
    ...(apiServerEndpoint ? { apiServerEndpoint } : {}),
  };
}

/** One node pool of DescribeClusterNodePools / DescribeClusterNodePoolDetail. */
export function toNodePool(item: Json): NodePool {
  const info = (item.nodepool_info ?? {}) as Json;
  const group = (item.scaling_group ?? {}) as Json;
  const status = (item.status ?? {}) as Json;
  return {
    nodepoolId: String(info.nodepool_id ?? ''),
    name: String(info.name ?? ''),
    state: String(status.state ?? 'unknown'),
    vswitchIds: strings(group.vswitch_ids),
    desiredSize: num(group.desired_size),
    totalNodes: num(status.total_nodes),
    healthyNodes: num(status.healthy_nodes),
    failedNodes: num(status.failed_nodes),
  };
}

/** One `VSwitches.VSwitch[]` entry of VPC DescribeVSwitches. */
export function toVSwitch(item: Json): VSwitch {
  const cidrBlock = str(item.CidrBlock);
  return {
    vswitchId: String(item.VSwitchId ?? ''),
    vpcId: String(item.VpcId ?? ''),
    zoneId: String(item.ZoneId ?? ''),
    status: String(item.Status ?? ''),
    ...(cidrBlock ? { cidrBlock } : {}),
  };
}

/** Task failure is spelled `fail` in current docs and `failed` in older ones: accept both. */
export function toTaskInfo(item: Json, taskId: string): TaskInfo {
  const rawState = String(item.state ?? 'running');
  const state = rawState === 'fail' ? 'failed' : rawState;
  const stages = Array.isArray(item.stages) ? (item.stages as Json[]) : [];
  const error = (item.error ?? undefined) as Json | undefined;
  const currentStage = str(item.current_stage);
  const errorCode = str(error?.code) ?? str(error?.Code);
  const errorMessage = str(error?.message) ?? str(error?.Message) ?? '';
  return {
    taskId: str(item.task_id) ?? taskId,
    state,
    ...(currentStage ? { currentStage } : {}),
    stages: stages.map((stage) => {
      const message = str(stage.message);
      return { state: String(stage.state ?? ''), ...(message ? { message } : {}) };
    }),
    ...(errorCode || errorMessage
      ? {
          error: {
            code: errorCode ?? 'TaskFailed',
            message: errorMessage,
            failure: classifyCloudError(errorCode ?? 'TaskFailed', errorMessage),
          },
        }
      : {}),
  };
}
