import type { MessageTable } from '../text.js';

/** `/gpu-cluster scale`: growing and shrinking a cluster's GPU node pool. */
export const clusterScaleMessages: MessageTable = {
  'scale.queued': {
    en: (p) => `Queued: scale cluster ${p.name} from ${p.from} to ${p.count} GPU workers.`,
    zh: (p) => `已排队：将集群 ${p.name} 的 GPU 工作节点从 ${p.from} 个调整为 ${p.count} 个。`,
  },
  'scale.title': {
    en: (p) => `Scale cluster ${p.name}: ${p.from} → ${p.count} GPU workers`,
    zh: (p) => `调整集群 ${p.name}：${p.from} → ${p.count} 个 GPU 工作节点`,
  },
  'scale.step.resize': { en: () => 'Resize the GPU node pool', zh: () => '调整 GPU 节点池' },
  'scale.resized': {
    en: (p) => `The node pool has ${p.count} GPU workers`,
    zh: (p) => `节点池现有 ${p.count} 个 GPU 工作节点`,
  },
  'scale.stopping': {
    en: (p) => `Stopping notebooks on the nodes that go: ${p.notebooks}`,
    zh: (p) => `正在停止将被移除节点上的 Notebook：${p.notebooks}`,
  },
  'scale.summary': {
    en: (p) => `Cluster ${p.name} has ${p.count} × ${p.instanceType} (was ${p.from})`,
    zh: (p) => `集群 ${p.name} 现有 ${p.count} 个 ${p.instanceType}（原为 ${p.from} 个）`,
  },
  'scale.channel': {
    en: (p) =>
      `Cluster ${p.name} was scaled from ${p.from} to ${p.count} GPU workers at ${p.user}'s request.` +
      (p.stopped ? ` Notebooks stopped on the removed nodes (disks kept): ${p.stopped}.` : ''),
    zh: (p) =>
      `应 ${p.user} 的请求，集群 ${p.name} 的 GPU 工作节点已从 ${p.from} 个调整为 ${p.count} 个。` +
      (p.stopped ? `被移除节点上的 Notebook 已停止（磁盘保留）：${p.stopped}。` : ''),
  },
  'scale.private': {
    en: (p) =>
      `Your cluster ${p.name} now has ${p.count} GPU workers (was ${p.from}).` +
      (p.stopped ? ` Stopped (disks kept; start them again with /notebook start name=<n>): ${p.stopped}.` : ''),
    zh: (p) =>
      `你的集群 ${p.name} 现有 ${p.count} 个 GPU 工作节点（原为 ${p.from} 个）。` +
      (p.stopped ? `已停止（磁盘保留，可用 /notebook start name=<名称> 重新启动）：${p.stopped}。` : ''),
  },
  'scale.confirm.grow': {
    en: (p) => `Scale cluster ${p.name} from ${p.from} to ${p.count} × ${p.instanceType} (${p.gpus} GPUs)?`,
    zh: (p) => `将集群 ${p.name} 从 ${p.from} 个扩容到 ${p.count} 个 ${p.instanceType}（共 ${p.gpus} 个 GPU）？`,
  },
  'scale.confirm.shrink': {
    en: (p) =>
      `Shrink cluster ${p.name} from ${p.from} to ${p.count} GPU workers? ${p.notebooks} notebook(s) run on it: idle nodes go first, and a notebook on a node that must go is stopped (its disk is kept).`,
    zh: (p) =>
      `将集群 ${p.name} 从 ${p.from} 个缩容到 ${p.count} 个 GPU 工作节点？其上运行着 ${p.notebooks} 个 Notebook：优先移除空闲节点，必须移除的节点上的 Notebook 会被停止（磁盘保留）。`,
  },
  'scale.notFound': {
    en: (p) => `gpubot knows no cluster named ${p.name}. Clusters you may scale: ${p.names}.`,
    zh: (p) => `gpubot 没有名为 ${p.name} 的集群。你可以调整的集群：${p.names}。`,
  },
  'scale.notOwner': {
    en: (p) => `Cluster ${p.name} belongs to ${p.owner}: only they or an admin may scale it.`,
    zh: (p) => `集群 ${p.name} 属于 ${p.owner}：只有所有者或管理员可以调整它。`,
  },
  'scale.unknownWorkers': {
    en: (p) =>
      `gpubot cannot scale cluster ${p.name}: it adopted the cluster from its tags (its own record of the create was lost), so it does not know its GPU workers, cannot price the change and does not meter or limit its spend. Nothing was changed. Instead, create a cluster of the size you need (/gpu-cluster create <count> <type>) and delete this one (/gpu-cluster delete ${p.name}).`,
    zh: (p) =>
      `gpubot 无法调整集群 ${p.name}：它是根据集群标签接管的（gpubot 自己的创建记录已丢失），因此不知道其 GPU 工作节点，无法为调整计价，也不计量或限制其花费。未做任何更改。请改为新建所需规模的集群（/gpu-cluster create <数量> <类型>），再删除此集群（/gpu-cluster delete ${p.name}）。`,
  },
  'scale.same': {
    en: (p) => `Cluster ${p.name} already has ${p.count} GPU workers: nothing to do.`,
    zh: (p) => `集群 ${p.name} 已有 ${p.count} 个 GPU 工作节点：无需调整。`,
  },
  'scale.error.gone': {
    en: (p) => `Cluster ${p.name} (${p.clusterId}) is gone or being deleted: nothing was changed.`,
    zh: (p) => `集群 ${p.name}（${p.clusterId}）已不存在或正在删除：未做任何更改。`,
  },
  'scale.error.notManaged': {
    en: (p) => `Cluster ${p.name} (${p.clusterId}) no longer carries gpubot's tags: gpubot leaves it alone and changed nothing.`,
    zh: (p) => `集群 ${p.name}（${p.clusterId}）已不带 gpubot 的标签：gpubot 不会操作它，未做任何更改。`,
  },
  'scale.error.notRunning': {
    en: (p) => `Cluster ${p.name} is ${p.state}; it can be scaled once it is running.`,
    zh: (p) => `集群 ${p.name} 当前状态为 ${p.state}；运行中才能调整。`,
  },
  'scale.error.nodeQuota': {
    en: (p) =>
      `Growing ${p.name} to ${p.count} nodes would pass the account's limit of ${p.limit} nodes per cluster: nothing was changed. ` +
      `Scale it to ${p.limit} or fewer, or raise the quota in Alibaba Cloud's Quota Center.`,
    zh: (p) =>
      `将集群 ${p.name} 扩到 ${p.count} 个节点会超出账号每集群 ${p.limit} 个节点的配额：未做任何更改。请扩到不超过 ${p.limit} 个，或在阿里云配额中心提升配额。`,
  },
  'scale.error.noPool': {
    en: (p) => `Cluster ${p.name} has no gpubot GPU node pool: nothing was changed.`,
    zh: (p) => `集群 ${p.name} 没有 gpubot 的 GPU 节点池：未做任何更改。`,
  },
  'scale.error.notebooksInTheWay': {
    en: (p) =>
      `Shrinking ${p.name} to ${p.count} would stop notebooks ${p.notebooks}, which you were not asked about (they started after your request). Nothing was changed: ask again to confirm.`,
    zh: (p) =>
      `将 ${p.name} 缩容到 ${p.count} 会停止 Notebook ${p.notebooks}（它们在你的请求之后启动，未征得你的确认）。未做任何更改：请重新发起以确认。`,
  },
  'scale.error.stopTimeout': {
    en: (p) => `The notebooks ${p.notebooks} did not stop in time; no node was removed. Try again later.`,
    zh: (p) => `Notebook ${p.notebooks} 未能及时停止；没有移除任何节点。请稍后重试。`,
  },
  'scale.error.timeout': {
    en: (p) =>
      `The node pool of ${p.name} did not reach ${p.count} workers in time. ACK may still finish: check with /gpu-cluster status ${p.name}.`,
    zh: (p) => `${p.name} 的节点池未能及时达到 ${p.count} 个节点。ACK 可能仍在处理：请用 /gpu-cluster status ${p.name} 查看。`,
  },
};
