import type { MessageTable, Params } from '../text.js';

const ADVICE: Record<string, { en: string; zh: string }> = {
  'cloud.stock': {
    en: 'The GPU type sold out in that zone. Try again later, another zone (zone=<z>), region (region=<r>) or family.',
    zh: '该可用区的 GPU 规格已售罄。请稍后重试，或换一个可用区（zone=<z>）、地域（region=<r>）或规格族。',
  },
  'cloud.quota': {
    en: 'An account quota was exceeded. Raise it in the Alibaba Cloud Quota Center, or use fewer nodes.',
    zh: '超出了账号配额。请在阿里云配额中心提升配额，或减少节点数。',
  },
  'cloud.balance': {
    en: 'The account balance is too low for pay-as-you-go resources. Top it up and try again.',
    zh: '账号余额不足以购买按量付费资源。请充值后重试。',
  },
  'cloud.forbidden': {
    en: 'The access key lacks a RAM permission. Ask an administrator to grant the policy listed in the README.',
    zh: '访问密钥缺少 RAM 权限。请管理员按 README 中列出的策略授权。',
  },
};

/** Seconds as "90 minutes" / "45 seconds" (timeouts are configurable down to tests' seconds). */
function duration(seconds: unknown, lang: 'en' | 'zh'): string {
  const s = Number(seconds);
  if (s >= 60) return lang === 'en' ? `${Math.round(s / 60)} minutes` : `${Math.round(s / 60)} 分钟`;
  return lang === 'en' ? `${s} seconds` : `${s} 秒`;
}

const advice = (p: Params, lang: 'en' | 'zh') => ADVICE[String(p.advice ?? '')]?.[lang] ?? '';
const logs = (p: Params, label: string) => (p.logs ? ` ${label}${String(p.logs)}` : '');

/** Cluster provisioning progress, outcomes and errors. */
export const clusterMessages: MessageTable = {
  'cluster.title.create': {
    en: (p) => `GPU cluster ${p.name}: ${p.count} × ${p.instanceType}`,
    zh: (p) => `GPU 集群 ${p.name}：${p.count} × ${p.instanceType}`,
  },
  'cluster.title.delete': { en: (p) => `Delete cluster ${p.name}`, zh: (p) => `删除集群 ${p.name}` },
  'cluster.step.preflight': { en: () => 'Pre-flight checks: quota, name, GPU stock', zh: () => '预检：配额、名称、GPU 库存' },
  'cluster.step.create': { en: () => 'Request the ACK cluster', zh: () => '提交 ACK 集群创建请求' },
  'cluster.step.wait': { en: () => 'Provision the control plane and network', zh: () => '创建控制面和网络' },
  'cluster.step.nodepool': { en: () => 'Create the GPU node pool', zh: () => '创建 GPU 节点池' },
  'cluster.step.nodes': { en: () => 'Start the GPU workers', zh: () => '启动 GPU 工作节点' },
  'cluster.step.verify': { en: () => 'Check GPU workers', zh: () => '检查 GPU 工作节点' },
  'cluster.step.find': { en: () => 'Find the cluster', zh: () => '查找集群' },
  'cluster.step.delete': { en: () => 'Delete cloud resources', zh: () => '删除云资源' },
  'cluster.preflight.ok': {
    en: (p) =>
      `${p.edition}: ${p.used}/${p.quota} clusters in use; ${p.count} workers allowed (up to ${p.nodeQuota} per cluster); ` +
      `zone ${p.zone} has ${p.instanceType} in stock${p.fallbacks ? ` (fallback: ${p.fallbacks})` : ''}` +
      `${p.soldOut ? ` (sold out in ${p.soldOut})` : ''}`,
    zh: (p) =>
      `${p.edition}：已用集群 ${p.used}/${p.quota}；${p.count} 个工作节点未超出每集群 ${p.nodeQuota} 个的上限；` +
      `可用区 ${p.zone} 有 ${p.instanceType} 库存${p.fallbacks ? `（备选：${p.fallbacks}）` : ''}` +
      `${p.soldOut ? `（${p.soldOut} 已售罄）` : ''}`,
  },
  'cluster.create.submitted': {
    en: (p) => `Cluster ${p.clusterId} requested in ${p.region} (${p.edition}, task ${p.taskId})`,
    zh: (p) => `已在 ${p.region} 提交集群 ${p.clusterId}（${p.edition}，任务 ${p.taskId}）`,
  },
  'cluster.create.adopted': {
    en: (p) => `Found cluster ${p.clusterId} from an earlier attempt; carrying on`,
    zh: (p) => `找到之前尝试创建的集群 ${p.clusterId}，继续执行`,
  },
  'cluster.wait.state': { en: (p) => `State: ${p.state}`, zh: (p) => `状态：${p.state}` },
  'cluster.wait.running': { en: (p) => `Cluster ${p.clusterId} is running`, zh: (p) => `集群 ${p.clusterId} 已运行` },
  'cluster.verify.ok': {
    en: (p) => `${p.withGpu}/${p.expected} GPU workers Ready in ${p.zones}, ${p.gpus} × nvidia.com/gpu allocatable (${p.models})`,
    zh: (p) => `${p.withGpu}/${p.expected} 个 GPU 节点在 ${p.zones} 就绪，可分配 ${p.gpus} 个 nvidia.com/gpu（${p.models}）`,
  },
  'cluster.verify.waiting': {
    en: (p) => `${p.ready} workers Ready, ${p.withGpu}/${p.expected} with GPUs allocatable so far`,
    zh: (p) => `已有 ${p.ready} 个节点就绪，其中 ${p.withGpu}/${p.expected} 个已可分配 GPU`,
  },
  'cluster.done.summary': {
    en: (p) => `Cluster ${p.name} is ready: ${p.count} × ${p.instanceType} in ${p.region} (zones ${p.zone})`,
    zh: (p) => `集群 ${p.name} 已就绪：${p.count} × ${p.instanceType}，位于 ${p.region}（可用区 ${p.zone}）`,
  },
  'cluster.done.channel': {
    en: (p) => `GPU cluster ${p.name} for ${p.owner} is ready: ${p.count} × ${p.instanceType} in ${p.region} (zones ${p.zone}).`,
    zh: (p) => `${p.owner} 的 GPU 集群 ${p.name} 已就绪：${p.count} × ${p.instanceType}，地域 ${p.region}（可用区 ${p.zone}）。`,
  },
  'cluster.done.privateTitle': { en: (p) => `Your cluster ${p.name} is ready`, zh: (p) => `你的集群 ${p.name} 已就绪` },
  'cluster.done.private': {
    en: (p) =>
      `Start a notebook on it with \`/notebook start cluster=${p.name}\`. GPU workers are billed by the hour: ` +
      `delete the cluster with \`/gpu-cluster delete ${p.name}\` when you are done.`,
    zh: (p) =>
      `用 \`/notebook start cluster=${p.name}\` 在上面启动 Notebook。GPU 节点按小时计费，` +
      `用完后请用 \`/gpu-cluster delete ${p.name}\` 删除集群。`,
  },
  'cluster.field.id': { en: () => 'Cluster ID', zh: () => '集群 ID' },
  'cluster.field.location': { en: () => 'Region / zone', zh: () => '地域 / 可用区' },
  'cluster.find.found': { en: (p) => `${p.name} is ${p.clusterId}`, zh: (p) => `${p.name} 即 ${p.clusterId}` },
  'cluster.deleted.gone': { en: (p) => `${p.clusterId} is gone`, zh: (p) => `${p.clusterId} 已删除` },
  'cluster.deleted.summary': { en: (p) => `Cluster ${p.name} deleted`, zh: (p) => `集群 ${p.name} 已删除` },
  'cluster.deleted.channel': {
    en: (p) => `Cluster ${p.name} was deleted at ${p.user}'s request.`,
    zh: (p) => `应 ${p.user} 的请求，集群 ${p.name} 已删除。`,
  },
  'cluster.deleted.private': {
    en: (p) => `Your cluster ${p.name} (${p.clusterId}) and its cloud resources are deleted; billing for them has stopped.`,
    zh: (p) => `你的集群 ${p.name}（${p.clusterId}）及其云资源已删除，相关计费已停止。`,
  },
  'cluster.list.title': { en: () => 'gpubot clusters', zh: () => 'gpubot 集群' },
  'cluster.list.empty': {
    en: () => 'There are no gpubot clusters. Create one with `/gpu-cluster create 2 gn5`.',
    zh: () => '目前没有 gpubot 集群。可用 `/gpu-cluster create 2 gn5` 创建。',
  },
  'cluster.list.line': {
    en: (p) => `${p.name}: ${p.state}, ${p.size} nodes, ${p.region}, owner ${p.owner}`,
    zh: (p) => `${p.name}：${p.state}，${p.size} 个节点，${p.region}，所有者 ${p.owner === 'you' ? '你' : p.owner}`,
  },
  'cluster.status.title': {
    en: (p) => (p.name ? `Cluster ${p.name}` : 'Your clusters'),
    zh: (p) => (p.name ? `集群 ${p.name}` : '你的集群'),
  },
  'cluster.status.none': {
    en: () => 'You have no gpubot clusters. Create one with `/gpu-cluster create 2 gn5`.',
    zh: () => '你还没有 gpubot 集群。可用 `/gpu-cluster create 2 gn5` 创建。',
  },
  'cluster.status.nodes': {
    en: (p) => `${p.ready}/${p.total} workers Ready, ${p.gpus} × nvidia.com/gpu allocatable (${p.models})`,
    zh: (p) => `${p.ready}/${p.total} 个工作节点就绪，可分配 ${p.gpus} 个 nvidia.com/gpu（${p.models}）`,
  },
  'cluster.error.nameTaken': {
    en: (p) => `A cluster named ${p.name} already exists in ${p.region} (owner: ${p.owner}). Choose another name with name=<n>.`,
    zh: (p) => `地域 ${p.region} 已有名为 ${p.name} 的集群（所有者：${p.owner}）。请用 name=<名称> 换一个名字。`,
  },
  'cluster.error.typeNotOffered': {
    en: (p) => `${p.instanceType} is not offered in ${p.region}. Try another region (region=<r>) or GPU family.`,
    zh: (p) => `地域 ${p.region} 不提供 ${p.instanceType}。请换一个地域（region=<r>）或 GPU 规格族。`,
  },
  'cluster.error.unknownZone': {
    en: (p) => `Zone ${p.zone} is not a zone of ${p.region} for this type. Zones: ${p.zones}.`,
    zh: (p) => `${p.zone} 不是地域 ${p.region} 中提供该规格的可用区。可选：${p.zones}。`,
  },
  'cluster.error.noStock': {
    en: (p) =>
      `No zone of ${p.region} has ${p.instanceType} in stock right now. Try later, or another family or region (region=<r>).`,
    zh: (p) => `地域 ${p.region} 目前所有可用区都没有 ${p.instanceType} 库存。请稍后重试，或换规格族或地域（region=<r>）。`,
  },
  'cluster.error.zoneNoStock': {
    en: (p) =>
      `Zone ${p.zone} has no ${p.instanceType} in stock. Zones with stock: ${p.zones}. Leave out zone= to let gpubot choose.`,
    zh: (p) => `可用区 ${p.zone} 没有 ${p.instanceType} 库存。有库存的可用区：${p.zones}。去掉 zone= 可由 gpubot 自动选择。`,
  },
  'cluster.error.creationFailed': {
    en: (p) => `ACK could not create the cluster: ${p.reason}. ${advice(p, 'en')}${logs(p, 'Cloud log: ')}`.trim(),
    zh: (p) => `ACK 未能创建集群：${p.reason}。${advice(p, 'zh')}${logs(p, '云端日志：')}`.trim(),
  },
  'cluster.error.vanished': {
    en: (p) => `Cluster ${p.name} (${p.clusterId}) disappeared while it was being created; was it deleted outside gpubot?`,
    zh: (p) => `集群 ${p.name}（${p.clusterId}）在创建过程中消失了，是否在 gpubot 之外被删除？`,
  },
  'cluster.error.timeout': {
    en: (p) =>
      `Cluster ${p.name} (${p.clusterId}) is still ${p.state} after ${duration(p.waited, 'en')}; gpubot gave up waiting for it.`,
    zh: (p) => `集群 ${p.name}（${p.clusterId}）在 ${duration(p.waited, 'zh')}后仍处于 ${p.state} 状态，gpubot 不再等待。`,
  },
  'cluster.error.gpuMissing': {
    en: (p) =>
      `Only ${p.withGpu} of ${p.expected} workers expose nvidia.com/gpu (${p.ready} Ready). The NVIDIA device plugin may ` +
      'not be running; check the cluster in the ACK console.',
    zh: (p) =>
      `${p.expected} 个工作节点中只有 ${p.withGpu} 个提供 nvidia.com/gpu（${p.ready} 个就绪）。NVIDIA 设备插件可能未运行，` +
      '请在 ACK 控制台检查集群。',
  },
  'cluster.error.notFound': {
    en: (p) => `There is no gpubot cluster named ${p.name}. Your clusters: ${p.names}.`,
    zh: (p) => `没有名为 ${p.name} 的 gpubot 集群。你的集群：${p.names}。`,
  },
  'cluster.error.notOwner': {
    en: (p) => `Cluster ${p.name} belongs to ${p.owner}; only its owner or a gpubot admin can delete it.`,
    zh: (p) => `集群 ${p.name} 属于 ${p.owner}，只有所有者或 gpubot 管理员可以删除。`,
  },
  'cluster.error.deleteFailed': {
    en: (p) => `ACK could not delete cluster ${p.name} (${p.clusterId}). Check its resources in the ACK console.`,
    zh: (p) => `ACK 未能删除集群 ${p.name}（${p.clusterId}）。请在 ACK 控制台检查其资源。`,
  },
  'cluster.error.deleteTimeout': {
    en: (p) => `Cluster ${p.name} (${p.clusterId}) is still ${p.state}; ACK is taking longer than usual to delete it.`,
    zh: (p) => `集群 ${p.name}（${p.clusterId}）仍处于 ${p.state} 状态，ACK 删除耗时比平常长。`,
  },
};
