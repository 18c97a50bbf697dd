import { randomInt } from 'node:crypto';
import type { GpubotError } from '../../errors.js';
import type {
  AccountQuota,
  ClusterDetail,
  ClusterSummary,
  CloudProvider,
  CreateClusterSpec,
  TaskInfo,
  ZoneStock,
} from '../port.js';
import type { RoaClient, RpcClient } from './pop-clients.js';
import { isNotFound, mapCloudError } from './map-cloud-error.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './with-retry.js';
import { buildCreateClusterBody } from './build-create-cluster-body.js';
import { toClusterDetail, toClusterSummary, toTaskInfo, type Json } from './parse-responses.js';

export interface AlibabaCloudOptions {
  readonly cs: RoaClient;
  readonly ecs: RpcClient;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  readonly onRetry?: (action: string, code: string, attempt: number) => void;
}

const PAGE_SIZE = 50;

/** Characters ACK accepts in node login passwords; the password is random and never stored. */
const PASSWORD_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '()`~!@#$%^&*-+=|{}[]:;<>,.?/'];

export function generateLoginPassword(length = 24): string {
  const all = PASSWORD_CLASSES.join('');
  const chars = PASSWORD_CLASSES.map((set) => set[randomInt(set.length)] as string);
  while (chars.length < length) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/** The CloudProvider for Alibaba Cloud: ACK (CS, ROA) and ECS (RPC) through @alicloud/pop-core. */
export class AlibabaCloud implements CloudProvider {
  readonly #cs: RoaClient;
  readonly #ecs: RpcClient;
  readonly #retry: RetryPolicy;
  readonly #timeout: number;
  readonly #onRetry: AlibabaCloudOptions['onRetry'];

  constructor(options: AlibabaCloudOptions) {
    this.#cs = options.cs;
    this.#ecs = options.ecs;
    this.#retry = options.retry ?? DEFAULT_RETRY;
    this.#timeout = options.timeoutMs ?? 30_000;
    this.#onRetry = options.onRetry;
  }

  /** One ACK call: the documented `x-acs-action` header, a timeout, retries for transient faults. */
  async #roa(
    action: string,
    method: string,
    path: string,
    query: Record<string, string> = {},
    body?: unknown,
    retryIf?: (error: GpubotError) => boolean,
  ): Promise<Json> {
    const headers: Record<string, string> = { 'x-acs-action': action };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const payload = body === undefined ? '' : JSON.stringify(body);
    return withRetry(
      this.#retry,
      async () => {
        let result: unknown;
        try {
          result = await this.#cs.request(method, path, query, payload, headers, { timeout: this.#timeout });
        } catch (error) {
          throw mapCloudError(action, error);
        }
        // pop-core returns non-JSON bodies (e.g. a proxy's HTML 502) as a string instead of throwing.
        if (typeof result === 'string' && result.trim() !== '') {
          throw mapCloudError(action, {
            code: 'UnexpectedResponse',
            statusCode: 502,
            message: 'non-JSON answer from the CS endpoint',
          });
        }
        return (typeof result === 'object' && result !== null ? result : {}) as Json;
      },
      (error, attempt) => this.#onRetry?.(action, error.code, attempt),
      retryIf,
    );
  }

  async getQuota(): Promise<AccountQuota> {
    const q = await this.#roa('DescribeUserQuota', 'GET', '/quota');
    const num = (value: unknown, fallback: number): number => {
      const n = Number(value);
      return Number.isFinite(n) && n > 0 ? n : fallback;
    };
    // DescribeUserQuota: entries of the `quotas` map, when present, take precedence over the flat fields.
    const listed = Number(((q.quotas ?? {}) as Record<string, Json>).q_Kubernetes_Cluster?.quota);
    const managed = Number(q.amk_cluster_quota);
    const nodePools = Number(q.cluster_nodepool_quota);
    return {
      clusters: Number.isFinite(listed) && listed > 0 ? listed : num(q.cluster_quota, 50),
      nodesPerCluster: num(q.node_quota, 100),
      ...(Number.isFinite(managed) && managed > 0 ? { managedClusters: managed } : {}),
      ...(Number.isFinite(nodePools) && nodePools > 0 ? { nodePoolsPerCluster: nodePools } : {}),
    };
  }

  async listClusters(regionId: string): Promise<ClusterSummary[]> {
    const clusters: ClusterSummary[] = [];
    for (let page = 1; ; page += 1) {
      const answer = await this.#roa('DescribeClustersForRegion', 'GET', `/regions/${encodeURIComponent(regionId)}/clusters`, {
        page_size: String(PAGE_SIZE),
        page_number: String(page),
      });
      const items = Array.isArray(answer.clusters) ? (answer.clusters as Json[]) : [];
      clusters.push(...items.map((item) => toClusterSummary(item, regionId)));
      const info = (answer.page_info ?? {}) as Json;
      const total = Number(info.total_count ?? clusters.length);
      if (items.length === 0 || clusters.length >= total) return clusters;
    }
  }

  async describeCluster(clusterId: string): Promise<ClusterDetail | undefined> {
    try {
      return toClusterDetail(await this.#roa('DescribeClusterDetail', 'GET', `/clusters/${encodeURIComponent(clusterId)}`));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async createCluster(spec: CreateClusterSpec): Promise<{ clusterId: string; taskId?: string }> {
    const body = buildCreateClusterBody(spec, generateLoginPassword());
    // Retried here only on throttling, which the gateway answers before ACK acts. A 5xx, a reset or
    // a timeout may come after the cluster was created (a lost answer): those go back to the job,
    // which looks the cluster up by its request tag before trying again.
    const answer = await this.#roa('CreateCluster', 'POST', '/clusters', {}, body, (error) => error.code === 'cloud.throttled');
    const clusterId = String(answer.cluster_id ?? '');
    if (!clusterId) throw mapCloudError('CreateCluster', { code: 'UnexpectedResponse', message: 'no cluster_id in the answer' });
    return { clusterId, ...(answer.task_id ? { taskId: String(answer.task_id) } : {}) };
  }

  async describeTask(taskId: string): Promise<TaskInfo> {
    return toTaskInfo(await this.#roa('DescribeTaskInfo', 'GET', `/tasks/${encodeURIComponent(taskId)}`), taskId);
  }

  async clusterLogs(clusterId: string): Promise<string[]> {
    const answer = await this.#roa('DescribeClusterLogs', 'GET', `/clusters/${encodeURIComponent(clusterId)}/logs`);
    const entries = Array.isArray(answer) ? (answer as Json[]) : Array.isArray(answer.logs) ? (answer.logs as Json[]) : [];
    return entries
      .map((entry) => ({ at: String(entry.created ?? ''), line: String(entry.cluster_log ?? entry.message ?? '') }))
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((entry) => entry.line)
      .filter(Boolean);
  }

  async getKubeconfig(clusterId: string): Promise<string> {
    const answer = await this.#roa('DescribeClusterUserKubeconfig', 'GET', `/k8s/${encodeURIComponent(clusterId)}/user_config`, {
      PrivateIpAddress: 'false',
    });
    const config = answer.config;
    if (typeof config !== 'string' || config === '') {
      throw mapCloudError('DescribeClusterUserKubeconfig', {
        code: 'UnexpectedResponse',
        message: 'no kubeconfig in the answer',
      });
    }
    return config;
  }

  async deleteCluster(clusterId: string): Promise<boolean> {
    try {
      await this.#roa('DeleteCluster', 'DELETE', `/clusters/${encodeURIComponent(clusterId)}`, {
        retain_all_resources: 'false',
        delete_options: JSON.stringify([{ resource_type: 'SLB', delete_mode: 'delete' }]),
      });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async instanceTypeStock(regionId: string, instanceType: string): Promise<ZoneStock[]> {
    const answer = await withRetry(this.#retry, async () => {
      try {
        return (await this.#ecs.request(
          'DescribeAvailableResource',
          {
            RegionId: regionId,
            DestinationResource: 'InstanceType',
            InstanceType: instanceType,
            InstanceChargeType: 'PostPaid',
            IoOptimized: 'optimized',
            ResourceType: 'instance',
          },
          { method: 'POST', timeout: this.#timeout },
        )) as Json;
      } catch (error) {
        throw mapCloudError('DescribeAvailableResource', error);
      }
    });
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
}
