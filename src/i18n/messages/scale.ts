import type { MessageTable } from '../text.js';

/** Texts of waiting, shared reads and reservations in the jobs (issue 9). */
export const scaleMessages: MessageTable = {
  'cluster.list.asOf': {
    en: (p) => `As ACK listed them ${p.seconds} s ago.`,
    zh: (p) => `以上为 ACK ${p.seconds} 秒前的列表。`,
  },
  'cluster.error.nameBeingCreated': {
    en: (p) => `A cluster named ${p.name} is being created in ${p.region} by another request. Choose another name with name=<n>.`,
    zh: (p) => `地域 ${p.region} 中名为 ${p.name} 的集群正由另一个请求创建。请用 name=<名称> 换一个名字。`,
  },
  'cluster.nodepool.listed': {
    en: (p) => `${p.size}/${p.desired} GPU workers joined the cluster (${p.state})`,
    zh: (p) => `${p.size}/${p.desired} 个 GPU 工作节点已加入集群（${p.state}）`,
  },
  'notebook.remove.waiting': {
    en: () => 'Deleted; waiting until it is gone',
    zh: () => '已删除，等待其完全消失',
  },
};
