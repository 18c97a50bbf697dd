import type { MessageTable, Params } from '../text.js';

const plural = (n: unknown, one: string, many: string) => (Number(n) === 1 ? one : many);

function duration(p: Params, lang: 'en' | 'zh'): string {
  const seconds = Number(p.seconds ?? 0);
  if (seconds >= 60 && seconds % 60 === 0) {
    const minutes = seconds / 60;
    return lang === 'en' ? `${minutes} ${plural(minutes, 'minute', 'minutes')}` : `${minutes} 分钟`;
  }
  return lang === 'en' ? `${seconds} ${plural(seconds, 'second', 'seconds')}` : `${seconds} 秒`;
}

const lbName = (p: Params) => (p.loadBalancer === 'clb' ? 'CLB' : 'NLB');

/** The common frame of every timeout: what did not happen in time, why, and what was cleaned up. */
function timeout(p: Params, lang: 'en' | 'zh', why: string): string {
  if (lang === 'en') {
    const cleanup = p.cleaned
      ? `gpubot removed what it had created${p.keptDisk ? ', except the disk with your earlier work' : ''}.`
      : 'gpubot could not yet remove everything it created.';
    return `Notebook ${p.name} was not ready after ${duration(p, 'en')}: ${why} ${cleanup}`;
  }
  const cleanup = p.cleaned
    ? `gpubot 已删除它创建的资源${p.keptDisk ? '（保留了存有你之前工作的磁盘）' : ''}。`
    : 'gpubot 尚未能删除全部已创建的资源。';
  return `Notebook ${p.name} 在 ${duration(p, 'zh')}内未就绪：${why}${cleanup}`;
}

/** `/notebook` progress, outcomes and errors. */
export const notebookMessages: MessageTable = {
  'notebook.title.start': { en: (p) => `Notebook ${p.name}`, zh: (p) => `Notebook ${p.name}` },
  'notebook.title.stop': { en: (p) => `Stop notebook ${p.name}`, zh: (p) => `停止 Notebook ${p.name}` },
  'notebook.title.password': { en: (p) => `Password of notebook ${p.name}`, zh: (p) => `Notebook ${p.name} 的密码` },
  'notebook.step.cluster': { en: () => 'Pick the cluster and check its GPUs', zh: () => '选择集群并检查 GPU' },
  'notebook.step.create': {
    en: () => 'Create the Secret, disk, Deployment, Service and NetworkPolicy',
    zh: () => '创建 Secret、磁盘、Deployment、Service 和 NetworkPolicy',
  },
  'notebook.step.schedule': { en: () => 'Schedule the pod on a GPU node', zh: () => '将 Pod 调度到 GPU 节点' },
  'notebook.step.pull': { en: () => 'Pull the image', zh: () => '拉取镜像' },
  'notebook.step.ready': { en: () => 'Start Jupyter', zh: () => '启动 Jupyter' },
  'notebook.step.address': { en: () => 'Get a load balancer address', zh: () => '获取负载均衡地址' },
  'notebook.step.gpu': { en: () => 'Check that TensorFlow sees the GPU', zh: () => '检查 TensorFlow 能否识别 GPU' },
  'notebook.step.find': { en: () => 'Find the notebook', zh: () => '查找 Notebook' },
  'notebook.step.delete': { en: () => 'Delete it and free its GPUs', zh: () => '删除并释放 GPU' },
  'notebook.cluster.chosen': {
    en: (p) =>
      `Cluster ${p.cluster}; its largest node offers ${p.largest} ${plural(p.largest, 'GPU', 'GPUs')}, ${p.gpus} requested`,
    zh: (p) => `集群 ${p.cluster}；最大的节点提供 ${p.largest} 个 GPU，本次申请 ${p.gpus} 个`,
  },
  'notebook.create.done': { en: (p) => `${p.namespace}/${p.name}`, zh: (p) => `${p.namespace}/${p.name}` },
  'notebook.schedule.on': { en: (p) => `On node ${p.node}`, zh: (p) => `已调度到节点 ${p.node}` },
  'notebook.schedule.pending': { en: (p) => `Pending: ${p.reason}`, zh: (p) => `等待调度：${p.reason}` },
  'notebook.pull.pulling': { en: (p) => `Pulling ${p.image}`, zh: (p) => `正在拉取 ${p.image}` },
  'notebook.pull.done': { en: (p) => `${p.image} is on the node`, zh: (p) => `${p.image} 已在节点上` },
  'notebook.pull.failing': {
    en: (p) => `${p.reason} for ${p.image}; retrying`,
    zh: (p) => `${p.image} 拉取失败（${p.reason}），正在重试`,
  },
  'notebook.ready.done': { en: (p) => `Pod ${p.pod} is ready`, zh: (p) => `Pod ${p.pod} 已就绪` },
  'notebook.ready.waiting': { en: (p) => `Waiting: ${p.reason}`, zh: (p) => `等待中：${p.reason}` },
  'notebook.address.done': { en: (p) => `Address ${p.address}`, zh: (p) => `地址 ${p.address}` },
  'notebook.gpu.seen': {
    en: (p) => `TensorFlow sees ${p.count} ${plural(p.count, 'GPU', 'GPUs')}: ${p.devices}`,
    zh: (p) => `TensorFlow 识别到 ${p.count} 个 GPU：${p.devices}`,
  },
  'notebook.gpu.none': {
    en: () =>
      'Warning: TensorFlow sees no GPU in this notebook. The notebook works, but runs on the CPU; check the image is a GPU build.',
    zh: () => '警告：TensorFlow 在该 Notebook 中没有识别到 GPU。Notebook 可以使用，但只会用 CPU 计算；请确认镜像是 GPU 版本。',
  },
  'notebook.gpu.checkFailed': {
    en: (p) => `Warning: the TensorFlow GPU check could not run (${p.reason}). The notebook works; check the GPU from a cell.`,
    zh: (p) => `警告：TensorFlow GPU 检查无法运行（${p.reason}）。Notebook 可以使用，请在单元格中自行检查 GPU。`,
  },
  'notebook.done.summary': {
    en: (p) => `Notebook ${p.name} is ready at ${p.url}`,
    zh: (p) => `Notebook ${p.name} 已就绪：${p.url}`,
  },
  'notebook.done.channel': {
    en: (p) =>
      `${p.owner}'s notebook ${p.name} is running on ${p.cluster} with ${p.gpus} ${plural(p.gpus, 'GPU', 'GPUs')}: ${p.url}`,
    zh: (p) => `${p.owner} 的 Notebook ${p.name} 已在集群 ${p.cluster} 上运行，使用 ${p.gpus} 个 GPU：${p.url}`,
  },
  'notebook.done.privateTitle': { en: (p) => `Your notebook ${p.name} is ready`, zh: (p) => `你的 Notebook ${p.name} 已就绪` },
  'notebook.done.private': {
    en: (p) =>
      `Open ${p.url} and log in with the password below (only you get it). ` +
      (p.selfSigned
        ? 'Your browser will warn that the certificate is self-signed: check that the SHA-256 fingerprint it shows is the one below, then accept it. '
        : '') +
      `It holds ${p.gpus} ${plural(p.gpus, 'GPU', 'GPUs')} until you stop it with \`/notebook stop ${p.name}\`; \`/notebook password ${p.name}\` sends the password again.`,
    zh: (p) =>
      `打开 ${p.url}，用下面的密码登录（密码只发给你）。` +
      (p.selfSigned ? '浏览器会提示证书是自签名的：请核对它显示的 SHA-256 指纹与下面的一致，再接受该证书。' : '') +
      `它会一直占用 ${p.gpus} 个 GPU，` +
      `直到你用 \`/notebook stop ${p.name}\` 停止它；\`/notebook password ${p.name}\` 可再次获取密码。`,
  },
  'notebook.field.url': { en: () => 'URL', zh: () => '地址' },
  'notebook.field.password': { en: () => 'Password', zh: () => '密码' },
  'notebook.timeout.noPod': {
    en: (p) => timeout(p, 'en', 'its Deployment created no pod.'),
    zh: (p) => timeout(p, 'zh', '其 Deployment 没有创建出 Pod。'),
  },
  'notebook.timeout.unschedulable': {
    en: (p) =>
      timeout(
        p,
        'en',
        `the pod stayed Pending: ${p.reason} Other notebooks may hold the GPUs (see \`/notebook list\`), or ask for fewer with gpus=<n>.`,
      ),
    zh: (p) =>
      timeout(
        p,
        'zh',
        `Pod 一直处于 Pending：${p.reason} GPU 可能被其他 Notebook 占用（见 \`/notebook list\`），或用 gpus=<n> 申请更少的 GPU。`,
      ),
  },
  'notebook.timeout.notScheduled': {
    en: (p) => timeout(p, 'en', 'the pod was never scheduled.'),
    zh: (p) => timeout(p, 'zh', 'Pod 一直未被调度。'),
  },
  'notebook.timeout.imagePull': {
    en: (p) =>
      timeout(
        p,
        'en',
        `the image ${p.image} could not be pulled (${p.reason}: ${p.message}). Check the image name and that the registry is reachable from the cluster.`,
      ),
    zh: (p) =>
      timeout(p, 'zh', `无法拉取镜像 ${p.image}（${p.reason}：${p.message}）。请检查镜像名称，以及集群能否访问该镜像仓库。`),
  },
  'notebook.timeout.stillPulling': {
    en: (p) => timeout(p, 'en', `the image ${p.image} was still being pulled.`),
    zh: (p) => timeout(p, 'zh', `镜像 ${p.image} 仍在拉取中。`),
  },
  'notebook.timeout.containerWaiting': {
    en: (p) => timeout(p, 'en', `the container is waiting: ${p.reason}${p.message ? ` (${p.message})` : ''}.`),
    zh: (p) => timeout(p, 'zh', `容器处于等待状态：${p.reason}${p.message ? `（${p.message}）` : ''}。`),
  },
  'notebook.timeout.notReady': {
    en: (p) =>
      timeout(p, 'en', `the pod is ${p.phase} but Jupyter never became ready on port 8888; does ${p.image} start Jupyter?`),
    zh: (p) => timeout(p, 'zh', `Pod 处于 ${p.phase}，但 Jupyter 一直未在 8888 端口就绪；${p.image} 能启动 Jupyter 吗？`),
  },
  'notebook.timeout.noAddress': {
    en: (p) =>
      timeout(
        p,
        'en',
        `Jupyter is ready but the ${p.addressType} ${lbName(p)} got no address. Check the account's load balancer quota and the Service's events.`,
      ),
    zh: (p) =>
      timeout(
        p,
        'zh',
        `Jupyter 已就绪，但${p.addressType === 'intranet' ? '私网' : '公网'} ${lbName(p)} 没有分配到地址。请检查账号的负载均衡配额和 Service 的事件。`,
      ),
  },
  'notebook.timeout.loadBalancerFailed': {
    en: (p) => timeout(p, 'en', `Jupyter is ready but the cloud controller could not create the ${lbName(p)}: ${p.warnings}.`),
    zh: (p) => timeout(p, 'zh', `Jupyter 已就绪，但云控制器未能创建 ${lbName(p)}：${p.warnings}。`),
  },
  'notebook.address.warning': {
    en: (p) => `No address yet: ${p.warning}`,
    zh: (p) => `尚无地址：${p.warning}`,
  },
  'notebook.error.nlbZones': {
    en: (p) =>
      `An NLB needs vSwitches in at least two zones, and cluster ${p.cluster} has vSwitches only in ${p.zones}. ` +
      'Ask the operator to set GPUBOT_NOTEBOOK_LB=clb, or create the cluster in a VPC with vSwitches in two zones.',
    zh: (p) =>
      `NLB 需要至少两个可用区的交换机，而集群 ${p.cluster} 只在 ${p.zones} 有交换机。` +
      '请运维人员设置 GPUBOT_NOTEBOOK_LB=clb，或在有两个可用区交换机的 VPC 中创建集群。',
  },
  'notebook.error.noCluster': {
    en: () => 'You have no running gpubot cluster. Create one with `/gpu-cluster create 2 gn5`, then start the notebook again.',
    zh: () => '你还没有运行中的 gpubot 集群。请先用 `/gpu-cluster create 2 gn5` 创建一个，然后再启动 Notebook。',
  },
  'notebook.error.clusterStarting': {
    en: (p) =>
      `Your cluster ${p.name} is still ${p.state}. Start the notebook when \`/gpu-cluster status ${p.name}\` says running.`,
    zh: (p) =>
      `你的集群 ${p.name} 仍处于 ${p.state} 状态。请在 \`/gpu-cluster status ${p.name}\` 显示 running 后再启动 Notebook。`,
  },
  'notebook.error.clusterNotFound': {
    en: (p) => `There is no gpubot cluster named ${p.name}. Your running clusters: ${p.names}.`,
    zh: (p) => `没有名为 ${p.name} 的 gpubot 集群。你运行中的集群：${p.names}。`,
  },
  'notebook.error.clusterNotYours': {
    en: (p) =>
      `Cluster ${p.name} belongs to ${p.owner}; you can start notebooks only on your own clusters. Create one with \`/gpu-cluster create 2 gn5\`.`,
    zh: (p) => `集群 ${p.name} 属于 ${p.owner}，你只能在自己的集群上启动 Notebook。可用 \`/gpu-cluster create 2 gn5\` 创建一个。`,
  },
  'notebook.error.clusterNotRunning': {
    en: (p) => `Cluster ${p.name} is ${p.state}, not running; a notebook needs a running cluster.`,
    zh: (p) => `集群 ${p.name} 处于 ${p.state} 状态，而不是 running；Notebook 需要运行中的集群。`,
  },
  'notebook.error.clusterGone': {
    en: (p) => `The cluster chosen for this notebook (${p.clusterId}) is ${p.state}. Start the notebook again.`,
    zh: (p) => `为该 Notebook 选择的集群（${p.clusterId}）处于 ${p.state} 状态。请重新启动 Notebook。`,
  },
  'notebook.error.tooManyGpus': {
    en: (p) =>
      `${p.gpus} GPUs cannot fit: a notebook runs on one node, and the largest node of ${p.cluster} offers ${p.largest}. Ask for gpus=${p.largest} or fewer, or use a larger GPU type.`,
    zh: (p) =>
      `无法满足 ${p.gpus} 个 GPU：一个 Notebook 只运行在一个节点上，而集群 ${p.cluster} 最大的节点只提供 ${p.largest} 个。请申请不超过 gpus=${p.largest}，或使用更大的 GPU 规格。`,
  },
  'notebook.error.nameTaken': {
    en: (p) =>
      `A notebook named ${p.name} already exists on ${p.cluster}${p.mine ? ' (yours)' : ` (owner: ${p.owner})`}${p.stopped ? ', stopped with its disk' : ''}. Choose another name with name=<n>.`,
    zh: (p) =>
      `集群 ${p.cluster} 上已有名为 ${p.name} 的 Notebook${p.mine ? '（你的）' : `（所有者：${p.owner}）`}${p.stopped ? '，已停止但保留了磁盘' : ''}。请用 name=<名称> 换一个名字。`,
  },
  'notebook.error.notFound': {
    en: (p) => `There is no notebook named ${p.name}. Your notebooks: ${p.names}.`,
    zh: (p) => `没有名为 ${p.name} 的 Notebook。你的 Notebook：${p.names}。`,
  },
  'notebook.error.notOwner': {
    en: (p) => `Notebook ${p.name} belongs to ${p.owner}; only its owner or a gpubot admin can do that.`,
    zh: (p) => `Notebook ${p.name} 属于 ${p.owner}，只有所有者或 gpubot 管理员可以执行此操作。`,
  },
  'notebook.error.noPassword': {
    en: (p) => `Notebook ${p.name} has no password Secret any more; stop it and start a new one.`,
    zh: (p) => `Notebook ${p.name} 的密码 Secret 已不存在；请停止它并重新启动一个。`,
  },
  'notebook.error.stopTimeout': {
    en: (p) => `Notebook ${p.name} on ${p.cluster} is deleted but its pod is still terminating; it will go away on its own.`,
    zh: (p) => `集群 ${p.cluster} 上的 Notebook ${p.name} 已删除，但其 Pod 仍在终止中，稍后会自行消失。`,
  },
  'notebook.find.found': { en: (p) => `${p.name} is on ${p.cluster}`, zh: (p) => `${p.name} 位于集群 ${p.cluster}` },
  'notebook.stop.gone': {
    en: () => 'Deployment, Service, NetworkPolicy and Secret deleted; the pod is gone',
    zh: () => 'Deployment、Service、NetworkPolicy 和 Secret 已删除，Pod 已退出',
  },
  'notebook.stop.summary': { en: (p) => `Notebook ${p.name} stopped`, zh: (p) => `Notebook ${p.name} 已停止` },
  'notebook.stop.channel': {
    en: (p) =>
      `Notebook ${p.name} on ${p.cluster} was stopped at ${p.user}'s request; its GPUs are free again${p.kept ? ' and its disk is kept' : ''}.`,
    zh: (p) =>
      `应 ${p.user} 的请求，集群 ${p.cluster} 上的 Notebook ${p.name} 已停止，其 GPU 已释放${p.kept ? '，磁盘已保留' : ''}。`,
  },
  'notebook.password.private': {
    en: (p) => `The password of notebook ${p.name} on ${p.cluster} (only you get this message):`,
    zh: (p) => `集群 ${p.cluster} 上 Notebook ${p.name} 的密码（仅发送给你）：`,
  },
  'notebook.list.title': { en: () => 'Your notebooks', zh: () => '你的 Notebook' },
  'notebook.list.empty': {
    en: () => 'You have no notebooks. Start one with `/notebook start`.',
    zh: () => '你还没有 Notebook。可用 `/notebook start` 启动一个。',
  },
  'notebook.list.line': {
    en: (p) =>
      `${p.name} on ${p.cluster}: ${p.state}, ${p.gpus} ${plural(p.gpus, 'GPU', 'GPUs')}, ${p.image}${p.url ? `, ${p.url}` : ''}`,
    zh: (p) =>
      `${p.name}（集群 ${p.cluster}）：${p.state === 'running' ? '运行中' : p.state}，${p.gpus} 个 GPU，${p.image}${p.url ? `，${p.url}` : ''}`,
  },
};
