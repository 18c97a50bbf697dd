import type {
  AccountQuota,
  CloudProvider,
  ClusterDetail,
  ClusterRef,
  ClusterSummary,
  CreateClusterSpec,
  InstancePrice,
  NodePool,
  PoolNode,
  Tag,
  NodePoolSpec,
  TaskInfo,
  VSwitch,
  ZoneStock,
} from '../port.js';
import { buildCreateClusterBody } from './build-create-cluster-body.js';
import { buildNodePoolBody, generateLoginPassword } from './build-node-pool-body.js';
import { callCs, callRpc, type CallContext, type Json } from './call-cloud.js';
import { isNotFound, mapCloudError } from './map-cloud-error.js';
import { parseQuota } from './parse-quota.js';
import { toClusterDetail, toClusterSummary, toNodePool, toTaskInfo, toVSwitch } from './parse-responses.js';
import { parseStock } from './parse-stock.js';
import { parsePrice } from './parse-price.js';
import { defaultSystemDisk } from '../../catalog/gpu-catalog.js';
import { NODE_SYSTEM_DISK_GIB } from './build-node-pool-body.js';
import type { ClientsFor } from './pop-clients.js';
import { DEFAULT_RETRY, type RetryPolicy } from './with-retry.js';

export { generateLoginPassword } from './build-node-pool-body.js';

export interface AlibabaCloudOptions {
  /** The clients of each region's endpoints (pop-clients.ts `createClientsFactory`). */
  readonly clientsFor: ClientsFor;
  /** Where account-wide calls (DescribeUserQuota) go. */
  readonly defaultRegion: string;
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
  readonly onRetry?: (action: string, code: string, attempt: number) => void;
}

const PAGE_SIZE = 50;
const id = encodeURIComponent;

async function orUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * The CloudProvider for Alibaba Cloud: ACK (CS, ROA), ECS and VPC (RPC) through @alicloud/pop-core.
 * Every call about a cluster goes to the endpoint of the cluster's region.
 */
export class AlibabaCloud implements CloudProvider {
  readonly #context: CallContext;
  readonly #defaultRegion: string;

  constructor(options: AlibabaCloudOptions) {
    this.#context = {
      clientsFor: options.clientsFor,
      retry: options.retry ?? DEFAULT_RETRY,
      timeoutMs: options.timeoutMs ?? 30_000,
      onRetry: options.onRetry,
    };
    this.#defaultRegion = options.defaultRegion;
  }

  async getQuota(): Promise<AccountQuota> {
    return parseQuota(
      await callCs(this.#context, this.#defaultRegion, { action: 'DescribeUserQuota', method: 'GET', path: '/quota' }),
    );
  }

  async listClusters(regionId: string): Promise<ClusterSummary[]> {
    const clusters: ClusterSummary[] = [];
    for (let page = 1; ; page += 1) {
      const answer = await callCs(this.#context, regionId, {
        action: 'DescribeClustersForRegion',
        method: 'GET',
        path: `/regions/${id(regionId)}/clusters`,
        query: { page_size: String(PAGE_SIZE), page_number: String(page) },
      });
      const items = Array.isArray(answer.clusters) ? (answer.clusters as Json[]) : [];
      clusters.push(...items.map((item) => toClusterSummary(item, regionId)));
      const info = (answer.page_info ?? {}) as Json;
      const total = Number(info.total_count ?? clusters.length);
      if (items.length === 0 || clusters.length >= total) return clusters;
    }
  }

  async describeCluster(cluster: ClusterRef): Promise<ClusterDetail | undefined> {
    const answer = await orUndefined(
      callCs(this.#context, cluster.regionId, {
        action: 'DescribeClusterDetail',
        method: 'GET',
        path: `/clusters/${id(cluster.clusterId)}`,
      }),
    );
    return answer && toClusterDetail(answer, cluster.regionId);
  }

  async createCluster(spec: CreateClusterSpec): Promise<{ clusterId: string; taskId?: string }> {
    // Retried here only on throttling, which the gateway answers before ACK acts. A 5xx, a reset or
    // a timeout may come after the cluster was created (a lost answer): those go back to the job,
    // which looks the cluster up by its request tag before trying again.
    const answer = await callCs(this.#context, spec.regionId, {
      action: 'CreateCluster',
      method: 'POST',
      path: '/clusters',
      body: buildCreateClusterBody(spec),
      retryIf: (error) => error.code === 'cloud.throttled',
    });
    const clusterId = String(answer.cluster_id ?? '');
    if (!clusterId) throw mapCloudError('CreateCluster', { code: 'UnexpectedResponse', message: 'no cluster_id in the answer' });
    return { clusterId, ...(answer.task_id ? { taskId: String(answer.task_id) } : {}) };
  }

  async describeTask(regionId: string, taskId: string): Promise<TaskInfo> {
    const answer = await callCs(this.#context, regionId, {
      action: 'DescribeTaskInfo',
      method: 'GET',
      path: `/tasks/${id(taskId)}`,
    });
    return toTaskInfo(answer, taskId);
  }

  async clusterLogs(cluster: ClusterRef): Promise<string[]> {
    const answer = await callCs(this.#context, cluster.regionId, {
      action: 'DescribeClusterLogs',
      method: 'GET',
      path: `/clusters/${id(cluster.clusterId)}/logs`,
    });
    const entries = Array.isArray(answer) ? (answer as Json[]) : Array.isArray(answer.logs) ? (answer.logs as Json[]) : [];
    return entries
      .map((entry) => ({ at: String(entry.created ?? ''), line: String(entry.cluster_log ?? entry.message ?? '') }))
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((entry) => entry.line)
      .filter(Boolean);
  }

  async getKubeconfig(cluster: ClusterRef): Promise<string> {
    const answer = await callCs(this.#context, cluster.regionId, {
      action: 'DescribeClusterUserKubeconfig',
      method: 'GET',
      path: `/k8s/${id(cluster.clusterId)}/user_config`,
      query: { PrivateIpAddress: 'false' },
    });
    if (typeof answer.config !== 'string' || answer.config === '') {
      throw mapCloudError('DescribeClusterUserKubeconfig', {
        code: 'UnexpectedResponse',
        message: 'no kubeconfig in the answer',
      });
    }
    return answer.config;
  }

  async deleteCluster(cluster: ClusterRef): Promise<boolean> {
    const answer = await orUndefined(
      callCs(this.#context, cluster.regionId, {
        action: 'DeleteCluster',
        method: 'DELETE',
        path: `/clusters/${id(cluster.clusterId)}`,
        query: {
          retain_all_resources: 'false',
          delete_options: JSON.stringify([{ resource_type: 'SLB', delete_mode: 'delete' }]),
        },
      }),
    );
    return answer !== undefined;
  }

  async setClusterTags(cluster: ClusterRef, tags: readonly Tag[]): Promise<void> {
    await callCs(this.#context, cluster.regionId, {
      action: 'ModifyClusterTags',
      method: 'POST',
      path: `/clusters/${id(cluster.clusterId)}/tags`,
      body: tags.map((tag) => ({ key: tag.key, value: tag.value })),
      emptyAnswer: true,
    });
  }

  async instancePrice(regionId: string, instanceType: string): Promise<InstancePrice> {
    const answer = await callRpc(this.#context, regionId, 'ecs', 'DescribePrice', {
      RegionId: regionId,
      ResourceType: 'instance',
      InstanceType: instanceType,
      PriceUnit: 'Hour',
      Period: 1,
      Amount: 1,
      InstanceNetworkType: 'vpc',
      IoOptimized: 'optimized',
      SpotStrategy: 'NoSpot',
      // The disk the node pool gives each worker (build-node-pool-body.ts), so the price is the node's.
      'SystemDisk.Category': defaultSystemDisk(instanceType),
      'SystemDisk.Size': NODE_SYSTEM_DISK_GIB,
    });
    return parsePrice(answer);
  }

  async instanceTypeStock(regionId: string, instanceType: string): Promise<ZoneStock[]> {
    const answer = await callRpc(this.#context, regionId, 'ecs', 'DescribeAvailableResource', {
      RegionId: regionId,
      DestinationResource: 'InstanceType',
      InstanceType: instanceType,
      InstanceChargeType: 'PostPaid',
      IoOptimized: 'optimized',
      ResourceType: 'instance',
    });
    return parseStock(answer, instanceType);
  }

  async listVSwitches(regionId: string, vpcId: string): Promise<VSwitch[]> {
    const vswitches: VSwitch[] = [];
    for (let page = 1; ; page += 1) {
      const answer = await callRpc(this.#context, regionId, 'vpc', 'DescribeVSwitches', {
        RegionId: regionId,
        VpcId: vpcId,
        PageSize: PAGE_SIZE,
        PageNumber: page,
      });
      const items = ((answer.VSwitches ?? {}) as Json).VSwitch;
      const list = Array.isArray(items) ? (items as Json[]) : [];
      vswitches.push(...list.map(toVSwitch));
      const total = Number(answer.TotalCount ?? vswitches.length);
      if (list.length === 0 || vswitches.length >= total) return vswitches;
    }
  }

  async createNodePool(cluster: ClusterRef, spec: NodePoolSpec): Promise<{ nodepoolId: string; taskId?: string }> {
    // As for CreateCluster: only throttling is retried here; anything else goes back to the job,
    // which looks the node pool up by name before trying again.
    const answer = await callCs(this.#context, cluster.regionId, {
      action: 'CreateClusterNodePool',
      method: 'POST',
      path: `/clusters/${id(cluster.clusterId)}/nodepools`,
      body: buildNodePoolBody(spec, generateLoginPassword()),
      retryIf: (error) => error.code === 'cloud.throttled',
    });
    const nodepoolId = String(answer.nodepool_id ?? '');
    if (!nodepoolId) {
      throw mapCloudError('CreateClusterNodePool', { code: 'UnexpectedResponse', message: 'no nodepool_id in the answer' });
    }
    return { nodepoolId, ...(answer.task_id ? { taskId: String(answer.task_id) } : {}) };
  }

  async findNodePool(cluster: ClusterRef, name: string): Promise<NodePool | undefined> {
    const answer = await callCs(this.#context, cluster.regionId, {
      action: 'DescribeClusterNodePools',
      method: 'GET',
      path: `/clusters/${id(cluster.clusterId)}/nodepools`,
      query: { NodepoolName: name },
    });
    const pools = Array.isArray(answer.nodepools) ? (answer.nodepools as Json[]).map(toNodePool) : [];
    // The filter may match by substring: the exact name decides.
    return pools.find((pool) => pool.name === name);
  }

  async scaleOutNodePool(cluster: ClusterRef, nodepoolId: string, count: number): Promise<{ taskId?: string }> {
    // Not retried blindly: a second call would add the nodes again. The job reads the pool first.
    const answer = await callCs(this.#context, cluster.regionId, {
      action: 'ScaleClusterNodePool',
      method: 'POST',
      path: `/clusters/${id(cluster.clusterId)}/nodepools/${id(nodepoolId)}`,
      body: { count },
      retryIf: (error) => error.code === 'cloud.throttled',
    });
    return answer.task_id ? { taskId: String(answer.task_id) } : {};
  }

  async removeNodePoolNodes(
    cluster: ClusterRef,
    nodepoolId: string,
    instanceIds: readonly string[],
  ): Promise<{ taskId?: string }> {
    const answer = await callCs(this.#context, cluster.regionId, {
      action: 'RemoveNodePoolNodes',
      method: 'DELETE',
      path: `/clusters/${id(cluster.clusterId)}/nodepools/${id(nodepoolId)}/nodes`,
      // Arrays travel in the query as JSON (the SDK's "json" style).
      query: { instance_ids: JSON.stringify(instanceIds), release_node: 'true', drain_node: 'true' },
      retryIf: (error) => error.code === 'cloud.throttled',
    });
    return answer.task_id ? { taskId: String(answer.task_id) } : {};
  }

  async listPoolNodes(cluster: ClusterRef, nodepoolId: string): Promise<PoolNode[]> {
    const nodes: PoolNode[] = [];
    for (let page = 1; ; page++) {
      const answer = await callCs(this.#context, cluster.regionId, {
        action: 'DescribeClusterNodes',
        method: 'GET',
        path: `/clusters/${id(cluster.clusterId)}/nodes`,
        query: { nodepool_id: nodepoolId, pageSize: '100', pageNumber: String(page) },
      });
      const list = Array.isArray(answer.nodes) ? (answer.nodes as Json[]) : [];
      nodes.push(
        ...list.map((node) => ({
          instanceId: String(node.instance_id ?? ''),
          nodeName: String(node.node_name ?? ''),
          state: String(node.state ?? ''),
        })),
      );
      const total = Number((answer.page as Json | undefined)?.total_count ?? nodes.length);
      if (list.length === 0 || nodes.length >= total) return nodes;
    }
  }

  async describeNodePool(cluster: ClusterRef, nodepoolId: string): Promise<NodePool | undefined> {
    const answer = await orUndefined(
      callCs(this.#context, cluster.regionId, {
        action: 'DescribeClusterNodePoolDetail',
        method: 'GET',
        path: `/clusters/${id(cluster.clusterId)}/nodepools/${id(nodepoolId)}`,
      }),
    );
    return answer && toNodePool(answer);
  }
}
