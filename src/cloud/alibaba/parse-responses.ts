import type { ClusterDetail, ClusterSummary, Tag, TaskInfo } from '../port.js';
import { classifyCloudError } from './map-cloud-error.js';

export type Json = Record<string, unknown>;

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

export function toClusterSummary(item: Json, regionId?: string): ClusterSummary {
  const created = str(item.created);
  const zoneId = str(item.zone_id);
  return {
    clusterId: String(item.cluster_id ?? ''),
    name: String(item.name ?? ''),
    regionId: str(item.region_id) ?? regionId ?? '',
    state: String(item.state ?? 'unknown'),
    clusterType: String(item.cluster_type ?? ''),
    size: Number(item.size ?? 0) || 0,
    tags: tagsOf(item.tags),
    ...(created ? { created } : {}),
    ...(zoneId ? { zoneId } : {}),
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

export function toClusterDetail(item: Json): ClusterDetail {
  const vpcId = str(item.vpc_id);
  const apiServerEndpoint = apiServerOf(item.master_url);
  return {
    ...toClusterSummary(item),
    ...(vpcId ? { vpcId } : {}),
    ...(apiServerEndpoint ? { apiServerEndpoint } : {}),
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
