import type { MessageTable } from '../text.js';

/** `/notebook` texts about what a notebook keeps and who can reach it: its disk, HTTPS, exposure, images. */
export const notebookDataMessages: MessageTable = {
  'notebook.title.delete': { en: (p) => `Delete notebook ${p.name}`, zh: (p) => `删除 Notebook ${p.name}` },
  'notebook.step.disk': { en: () => 'Delete its disk', zh: () => '删除磁盘' },
  'notebook.field.fingerprint': { en: () => 'Certificate SHA-256', zh: () => '证书 SHA-256 指纹' },
  'notebook.done.disk': {
    en: (p) =>
      `Your work is saved on the notebook's own ${p.size} disk (its working directory and home): \`/notebook stop ${p.name}\` keeps it, \`/notebook start name=${p.name}\` brings it back, \`/notebook delete ${p.name}\` deletes it.`,
    zh: (p) =>
      `你的工作保存在该 Notebook 自己的 ${p.size} 磁盘上（工作目录和主目录）：\`/notebook stop ${p.name}\` 会保留它，\`/notebook start name=${p.name}\` 可重新挂载，\`/notebook delete ${p.name}\` 会删除它。`,
  },
  'notebook.done.reattached': {
    en: (p) => `The disk of ${p.name} (${p.size}) is attached again, with everything saved in it before the stop.`,
    zh: (p) => `${p.name} 的磁盘（${p.size}）已重新挂载，停止前保存的内容都在。`,
  },
  'notebook.exposure.open': {
    en: () =>
      'Notebooks are reachable from anywhere on the internet: only the password protects them. Ask the operator to set GPUBOT_NOTEBOOK_SOURCE_RANGES (or an intranet load balancer).',
    zh: () =>
      'Notebook 可从互联网上的任何地方访问，只有密码保护它。请让运维设置 GPUBOT_NOTEBOOK_SOURCE_RANGES（或使用私网负载均衡）。',
  },
  'notebook.exposure.plainHttp': {
    en: () =>
      'This notebook is served over plain HTTP (GPUBOT_NOTEBOOK_ALLOW_HTTP): the password and your work cross the network unencrypted.',
    zh: () => '该 Notebook 通过未加密的 HTTP 提供（GPUBOT_NOTEBOOK_ALLOW_HTTP）：密码和你的工作内容在网络上以明文传输。',
  },
  'notebook.network.notEnforced': {
    en: (p) =>
      `Warning: this cluster's network plugin (${p.plugin === 'terway' ? 'Terway without its NetworkPolicy option' : 'Flannel'}) does not enforce NetworkPolicy, so notebooks on it are not fenced off from the node's metadata endpoint (its cloud credentials) or the API server. Clusters made with GPUBOT_NETWORK_PLUGIN=terway are.`,
    zh: (p) =>
      `警告：该集群的网络插件（${p.plugin === 'terway' ? '未开启 NetworkPolicy 的 Terway' : 'Flannel'}）不执行 NetworkPolicy，因此其上的 Notebook 没有与节点的元数据服务（其云凭证）和 API Server 隔离。使用 GPUBOT_NETWORK_PLUGIN=terway 创建的集群会执行。`,
  },
  'notebook.network.enforced': {
    en: () => 'NetworkPolicy is enforced: notebooks cannot reach the metadata endpoint or the API server.',
    zh: () => 'NetworkPolicy 已生效：Notebook 无法访问元数据服务和 API Server。',
  },
  'cluster.error.terwayNeedsVpc': {
    en: (p) =>
      `gpubot makes Terway clusters (GPUBOT_NETWORK_PLUGIN=terway) only in the configured VPC, whose pod vSwitches it knows; ${p.region} has none. Create the cluster in the VPC's region, or ask the operator.`,
    zh: (p) =>
      `gpubot 只在已配置的 VPC 中创建 Terway 集群（GPUBOT_NETWORK_PLUGIN=terway），因为只有那里的 Pod 交换机是已知的；${p.region} 没有。请在该 VPC 所在地域创建集群，或联系运维。`,
  },
  'notebook.disk.billing': {
    en: (p) =>
      `The ${p.size} cloud disk is billed by the hour for its size while it exists, whether or not the notebook runs (the price depends on the region and disk type).`,
    zh: (p) => `这块 ${p.size} 的云盘只要存在就按容量按小时计费，与 Notebook 是否运行无关（价格取决于地域和云盘类型）。`,
  },
  'notebook.disk.price': {
    en: (p) =>
      `The ${p.size} cloud disk costs about ${p.monthly} ${p.currency} a month while it exists, whether or not the notebook runs.`,
    zh: (p) => `这块 ${p.size} 的云盘只要存在，每月约 ${p.monthly} ${p.currency}，与 Notebook 是否运行无关。`,
  },
  'notebook.stop.diskKept': {
    en: (p) =>
      `Notebook ${p.name} is stopped; its ${p.size} disk with your work is kept. \`/notebook start name=${p.name}\` starts it again with the disk; \`/notebook delete ${p.name}\` deletes the disk and everything on it.`,
    zh: (p) =>
      `Notebook ${p.name} 已停止；存有你工作的 ${p.size} 磁盘已保留。\`/notebook start name=${p.name}\` 会带着磁盘重新启动它；\`/notebook delete ${p.name}\` 会删除磁盘及其中的一切。`,
  },
  'notebook.delete.diskGone': { en: () => 'The disk is deleted', zh: () => '磁盘已删除' },
  'notebook.delete.summary': {
    en: (p) => `Notebook ${p.name} and its disk deleted`,
    zh: (p) => `Notebook ${p.name} 及其磁盘已删除`,
  },
  'notebook.delete.channel': {
    en: (p) => `Notebook ${p.name} on ${p.cluster} and its disk were deleted at ${p.user}'s request.`,
    zh: (p) => `应 ${p.user} 的请求，集群 ${p.cluster} 上的 Notebook ${p.name} 及其磁盘已删除。`,
  },
  'notebook.list.stopped': {
    en: (p) => `${p.name} on ${p.cluster}: stopped, ${p.size} disk kept (\`/notebook start name=${p.name}\` to resume)`,
    zh: (p) => `${p.name}（集群 ${p.cluster}）：已停止，保留 ${p.size} 磁盘（\`/notebook start name=${p.name}\` 可恢复）`,
  },
  'notebook.error.stopped': {
    en: (p) => `Notebook ${p.name} is stopped; start it again with \`/notebook start name=${p.name}\` to get a new password.`,
    zh: (p) => `Notebook ${p.name} 已停止；用 \`/notebook start name=${p.name}\` 重新启动即可获得新密码。`,
  },
  'notebook.error.dataElsewhere': {
    en: (p) =>
      `Notebook ${p.name} is stopped on ${p.cluster} and its disk is there; it starts again only on ${p.cluster}, not ${p.asked}. Leave out cluster= or choose another name.`,
    zh: (p) =>
      `Notebook ${p.name} 在集群 ${p.cluster} 上已停止，磁盘也在那里；它只能在 ${p.cluster} 上重新启动，不能在 ${p.asked} 上。请去掉 cluster= 或换一个名字。`,
  },
  'notebook.error.diskTimeout': {
    en: (p) => `The disk of notebook ${p.name} on ${p.cluster} is being deleted but still exists; it will go away on its own.`,
    zh: (p) => `集群 ${p.cluster} 上 Notebook ${p.name} 的磁盘正在删除但仍然存在，稍后会自行消失。`,
  },
  'notebook.error.unknownNodeType': {
    en: (p) =>
      `Node ${p.node} of ${p.cluster} is of type ${p.type}, which gpubot's catalog does not know, so it cannot size a notebook's CPU and memory there.`,
    zh: (p) => `集群 ${p.cluster} 的节点 ${p.node} 的规格 ${p.type} 不在 gpubot 的目录中，因此无法为 Notebook 分配 CPU 和内存。`,
  },
  'notebook.error.imageRegistry': {
    en: (p) => `Image ${p.image} is not from a registry notebooks may pull from (GPUBOT_NOTEBOOK_REGISTRIES).`,
    zh: (p) => `镜像 ${p.image} 不在 Notebook 允许拉取的镜像仓库中（GPUBOT_NOTEBOOK_REGISTRIES）。`,
  },
};
