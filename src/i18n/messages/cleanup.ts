import type { MessageTable } from '../text.js';

/** A job that gave up: its stall limit, the removal of what it made, and what is left when that fails too. */
export const cleanupMessages: MessageTable = {
  'job.error.stalled': {
    en: (p) =>
      `gpubot's workers stopped ${p.times} times while running this request, so it was stopped rather than tried again. ` +
      'Ask the gpubot operators to check the workers (memory, restarts).',
    zh: (p) => `运行此请求时 gpubot 的工作进程中断了 ${p.times} 次，因此不再重试。请联系 gpubot 运维检查工作进程（内存、重启）。`,
  },
  'cluster.cleanup.note': {
    en: (p) => `gpubot is deleting cluster ${p.name} (${p.clusterId}) so it costs nothing; you will be told when it is gone.`,
    zh: (p) => `gpubot 正在删除集群 ${p.name}（${p.clusterId}），不会产生费用；删除完成后会通知你。`,
  },
  'cluster.title.cleanup': {
    en: (p) => `Delete cluster ${p.name} after its failed creation`,
    zh: (p) => `删除创建失败的集群 ${p.name}`,
  },
  'cluster.cleanup.done': {
    en: (p) => `Cluster ${p.name} (${p.clusterId}), whose creation failed, is deleted; nothing of it is billed any more.`,
    zh: (p) => `创建失败的集群 ${p.name}（${p.clusterId}）已删除，不再产生任何费用。`,
  },
  'cluster.cleanup.left': {
    en: (p) =>
      `Cluster ${p.name} (${p.clusterId}) in ${p.region} is still there and billed. Delete it with ` +
      `\`/gpu-cluster delete ${p.name}\`, or \`aliyun cs DELETE /clusters/${p.clusterId} --region=${p.region}\`, ` +
      'or in the ACK console.',
    zh: (p) =>
      `集群 ${p.name}（${p.clusterId}，${p.region}）仍然存在并在计费。请用 \`/gpu-cluster delete ${p.name}\`、` +
      `\`aliyun cs DELETE /clusters/${p.clusterId} --region=${p.region}\` 或在 ACK 控制台删除。`,
  },
  'notebook.cleanup.note': {
    en: (p) =>
      `gpubot is removing notebook ${p.name} from ${p.cluster} (its load balancer${p.keepDisk ? '; your disk is kept' : ' and disk'}); ` +
      'you will be told when it is gone.',
    zh: (p) =>
      `gpubot 正在从集群 ${p.cluster} 移除 Notebook ${p.name}（其负载均衡${p.keepDisk ? '；你的磁盘会保留' : '及磁盘'}），完成后会通知你。`,
  },
  'notebook.title.cleanup': {
    en: (p) => `Remove notebook ${p.name} after its failed start`,
    zh: (p) => `移除启动失败的 Notebook ${p.name}`,
  },
  'notebook.cleanup.done': {
    en: (p) => `Notebook ${p.name} on ${p.cluster}, whose start failed, is removed; it holds no load balancer or GPU any more.`,
    zh: (p) => `启动失败的 Notebook ${p.name}（集群 ${p.cluster}）已移除，不再占用负载均衡或 GPU。`,
  },
  'notebook.cleanup.left': {
    en: (p) =>
      `Notebook ${p.name} on ${p.cluster} may still hold its load balancer${p.keepDisk ? '' : ' and disk'}. Remove it with ` +
      `\`/notebook ${p.keepDisk ? 'stop' : 'delete'} ${p.name}\`, or \`kubectl -n ${p.namespace} delete ${p.kinds} -l ${p.selector}\` ` +
      `on ${p.cluster}.`,
    zh: (p) =>
      `集群 ${p.cluster} 上的 Notebook ${p.name} 可能仍占用负载均衡${p.keepDisk ? '' : '及磁盘'}。请用 ` +
      `\`/notebook ${p.keepDisk ? 'stop' : 'delete'} ${p.name}\`，或在 ${p.cluster} 上执行 ` +
      `\`kubectl -n ${p.namespace} delete ${p.kinds} -l ${p.selector}\` 移除。`,
  },
};
