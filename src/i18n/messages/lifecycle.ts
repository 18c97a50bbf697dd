import { formatMoment, formatSpan } from '../format-span.js';
import type { MessageTable, Params } from '../text.js';

/** Expiry, extension, idle notebooks and clusters, daily summaries: what gpubot says about time and spend. */

const left = (p: Params, lang: 'en' | 'zh') => formatSpan(p.leftMs, lang);
const at = (p: Params) => formatMoment(p.at, p.timeZone);

export const lifecycleMessages: MessageTable = {
  'lifecycle.warn.title': {
    en: (p) => `Cluster ${p.name} expires in ${left(p, 'en')}`,
    zh: (p) => `集群 ${p.name} 将在 ${left(p, 'zh')}后到期`,
  },
  'lifecycle.warn.body': {
    en: (p) =>
      `gpubot deletes it at ${at(p)}, with everything on it, unless you extend it. It has been running for ${formatSpan(p.ageMs, 'en')}.`,
    zh: (p) => `除非延长，gpubot 将在 ${at(p)} 删除该集群及其上的全部内容。它已运行 ${formatSpan(p.ageMs, 'zh')}。`,
  },
  'lifecycle.spend.known': {
    en: (p) => `Spend so far: ${Number(p.spend).toFixed(2)} ${p.currency} (${Number(p.price).toFixed(2)} ${p.currency} an hour).`,
    zh: (p) => `目前花费：${Number(p.spend).toFixed(2)} ${p.currency}（每小时 ${Number(p.price).toFixed(2)} ${p.currency}）。`,
  },
  'lifecycle.spend.unknown': {
    en: () => 'Spend so far: not known (gpubot has no price for this cluster).',
    zh: () => '目前花费：未知（gpubot 没有该集群的价格）。',
  },
  'lifecycle.warn.cap': {
    en: (p) => `It may live until ${at(p)} at most (${formatSpan(p.maxMs, 'en')} after it was created).`,
    zh: (p) => `它最多可以保留到 ${at(p)}（创建后 ${formatSpan(p.maxMs, 'zh')}）。`,
  },
  'lifecycle.action.extend': { en: (p) => `Extend ${p.by}`, zh: (p) => `延长 ${p.by}` },
  'lifecycle.action.deleteNow': { en: () => 'Delete now', zh: () => '立即删除' },
  'lifecycle.action.extendNamed': { en: (p) => `Extend ${p.name} ${p.by}`, zh: (p) => `延长 ${p.name} ${p.by}` },
  'lifecycle.action.deleteNamed': { en: (p) => `Delete ${p.name} now`, zh: (p) => `立即删除 ${p.name}` },
  'lifecycle.summary.title': {
    en: (p) => `Your gpubot summary for ${p.day}: ${p.clusters} cluster(s), ${p.notebooks} notebook(s) running`,
    zh: (p) => `你的 gpubot 每日摘要（${p.day}）：运行中的集群 ${p.clusters} 个，notebook ${p.notebooks} 个`,
  },
  'lifecycle.summary.cluster': {
    en: (p) =>
      `Cluster ${p.name} (${p.region}): running since ${formatMoment(p.since, p.timeZone)} (${formatSpan(p.ageMs, 'en')}).`,
    zh: (p) => `集群 ${p.name}（${p.region}）：自 ${formatMoment(p.since, p.timeZone)} 起运行（${formatSpan(p.ageMs, 'zh')}）。`,
  },
  'lifecycle.summary.expires': {
    en: (p) => `Expires at ${at(p)}, in ${left(p, 'en')}.`,
    zh: (p) => `将于 ${at(p)} 到期，还剩 ${left(p, 'zh')}。`,
  },
  'lifecycle.summary.notebook': {
    en: (p) =>
      `Notebook ${p.name} on ${p.cluster}: ${p.gpus} GPU(s)` +
      (p.since === '' ? ', running.' : `, running since ${formatMoment(p.since, p.timeZone)}.`),
    zh: (p) =>
      `Notebook ${p.name}（集群 ${p.cluster}）：${p.gpus} 个 GPU` +
      (p.since === '' ? '，运行中。' : `，自 ${formatMoment(p.since, p.timeZone)} 起运行。`),
  },
  'lifecycle.extended': {
    en: (p) => `Cluster ${p.name} now expires at ${at(p)}, in ${left(p, 'en')} (extended by ${p.by}).`,
    zh: (p) => `集群 ${p.name} 现在将于 ${at(p)} 到期，还剩 ${left(p, 'zh')}（已延长 ${p.by}）。`,
  },
  'lifecycle.extend.cap': {
    en: (p) =>
      `Cluster ${p.name} cannot be extended by ${p.by}: clusters live at most ${formatSpan(p.maxMs, 'en')}, so it must be deleted by ${at(p)}.` +
      (Number(p.roomMs) >= 60_000
        ? ` Extend it by ${formatSpan(p.roomMs, 'en')} or less.`
        : ' It cannot be extended any further.'),
    zh: (p) =>
      `集群 ${p.name} 无法延长 ${p.by}：集群最长保留 ${formatSpan(p.maxMs, 'zh')}，因此必须在 ${at(p)} 前删除。` +
      (Number(p.roomMs) >= 60_000 ? `最多还可以延长 ${formatSpan(p.roomMs, 'zh')}。` : '它已无法再延长。'),
  },
  'lifecycle.extend.expiring': {
    en: (p) => `Cluster ${p.name} is already being deleted: its time ran out.`,
    zh: (p) => `集群 ${p.name} 已到期，正在删除。`,
  },
  'lifecycle.extend.notFound': {
    en: (p) => `gpubot keeps no expiry for a cluster named ${p.name}. Clusters with an expiry: ${p.names}.`,
    zh: (p) => `gpubot 没有名为 ${p.name} 的集群的到期记录。有到期时间的集群：${p.names}。`,
  },
  'lifecycle.extend.notOwner': {
    en: (p) => `Cluster ${p.name} belongs to ${p.owner}: only they or an admin may extend it.`,
    zh: (p) => `集群 ${p.name} 属于 ${p.owner}：只有所有者或管理员可以延长它。`,
  },
  'lifecycle.unavailable': {
    en: () => 'Cluster expiries are not kept by this gpubot, so there is nothing to extend.',
    zh: () => '此 gpubot 未记录集群到期时间，因此无法延长。',
  },
  'lifecycle.action.gone': {
    en: () => 'That cluster is gone, or gpubot no longer keeps its expiry: nothing to do.',
    zh: () => '该集群已不存在，或 gpubot 已不再记录它的到期时间：无需操作。',
  },
  'lifecycle.list.line': {
    en: (p) => (p.expiring ? 'being deleted: its time to live ran out' : `expires in ${left(p, 'en')}`),
    zh: (p) => (p.expiring ? '使用期限已到，正在删除' : `${left(p, 'zh')}后到期`),
  },
  'lifecycle.idle.title': {
    en: (p) => `Notebook ${p.name} has been idle for ${formatSpan(p.idleMs, 'en')}`,
    zh: (p) => `Notebook ${p.name} 已空闲 ${formatSpan(p.idleMs, 'zh')}`,
  },
  'lifecycle.idle.body': {
    en: (p) =>
      `Its Jupyter shows no activity since ${formatMoment(p.since, p.timeZone)}: no code running, no open terminal. ` +
      `gpubot stops it at ${at(p)} to free its ${Number(p.gpus) === 1 ? 'GPU' : `${p.gpus} GPUs`}, unless you keep it running. ` +
      'Its disk, with your files, is kept.',
    zh: (p) =>
      `自 ${formatMoment(p.since, p.timeZone)} 起它的 Jupyter 没有任何活动：没有运行中的代码，也没有打开的终端。` +
      `除非你选择继续运行，gpubot 将在 ${at(p)} 停止它，释放 ${p.gpus} 块 GPU。它的磁盘和你的文件会保留。`,
  },
  'lifecycle.idle.action.keep': { en: () => 'Keep running', zh: () => '继续运行' },
  'lifecycle.idle.action.stop': { en: () => 'Stop now', zh: () => '立即停止' },
  'lifecycle.idle.kept': {
    en: (p) => `Notebook ${p.name} keeps running. gpubot warns you again after ${formatSpan(p.idleMs, 'en')} without activity.`,
    zh: (p) => `Notebook ${p.name} 将继续运行。若再空闲 ${formatSpan(p.idleMs, 'zh')}，gpubot 会再次提醒你。`,
  },
  'lifecycle.idle.stopping': {
    en: (p) => `Notebook ${p.name} is already being stopped: it sat idle. Start it again with /notebook start name=${p.name}.`,
    zh: (p) => `Notebook ${p.name} 因空闲正在被停止。可用 /notebook start name=${p.name} 重新启动。`,
  },
  'lifecycle.idle.notFound': {
    en: (p) => `gpubot is not watching a running notebook named ${p.name}. Notebooks it watches: ${p.names}.`,
    zh: (p) => `gpubot 没有在监视名为 ${p.name} 的运行中 Notebook。正在监视的 Notebook：${p.names}。`,
  },
  'lifecycle.idle.notOwner': {
    en: (p) => `Notebook ${p.name} belongs to ${p.owner}: only they or an admin may keep it running.`,
    zh: (p) => `Notebook ${p.name} 属于 ${p.owner}：只有所有者或管理员可以让它继续运行。`,
  },
  'lifecycle.idle.off': {
    en: () => 'This gpubot does not stop idle notebooks (GPUBOT_NOTEBOOK_IDLE is off), so there is nothing to keep.',
    zh: () => '此 gpubot 不会停止空闲的 Notebook（GPUBOT_NOTEBOOK_IDLE 为 off），因此无需操作。',
  },
  'notebook.title.idleStop': { en: (p) => `Stop idle notebook ${p.name}`, zh: (p) => `停止空闲的 Notebook ${p.name}` },
  'notebook.stop.idleChannel': {
    en: (p) =>
      `${p.user}'s notebook ${p.name} on ${p.cluster} was stopped: it sat idle. Its GPUs are free again${p.kept ? ' and its disk is kept' : ''}.`,
    zh: (p) =>
      `${p.user} 在集群 ${p.cluster} 上的 Notebook ${p.name} 因空闲已停止，其 GPU 已释放${p.kept ? '，磁盘已保留' : ''}。`,
  },
  'notebook.stop.idlePrivate': {
    en: (p) =>
      `Your notebook ${p.name} was stopped because it sat idle after the warning. Start it again with /notebook start name=${p.name}: your disk is reattached.`,
    zh: (p) =>
      `你的 Notebook ${p.name} 在提醒后仍然空闲，已被停止。可用 /notebook start name=${p.name} 重新启动，磁盘会重新挂载。`,
  },
  'lifecycle.clusterIdle.title': {
    en: (p) => `Cluster ${p.name} has been idle for ${formatSpan(p.idleMs, 'en')}`,
    zh: (p) => `集群 ${p.name} 已空闲 ${formatSpan(p.idleMs, 'zh')}`,
  },
  'lifecycle.clusterIdle.body': {
    en: (p) =>
      `No gpubot notebook runs on it and no pod uses a GPU since ${formatMoment(p.since, p.timeZone)}. ` +
      `gpubot deletes it at ${at(p)}, with everything on it, unless you keep it running.`,
    zh: (p) =>
      `自 ${formatMoment(p.since, p.timeZone)} 起它上面没有运行 gpubot 的 Notebook，也没有使用 GPU 的 Pod。` +
      `除非你选择继续运行，gpubot 将在 ${at(p)} 删除该集群及其上的全部内容。`,
  },
  'lifecycle.clusterIdle.kept': {
    en: (p) =>
      `Cluster ${p.name} keeps running. gpubot warns you again after ${formatSpan(p.idleMs, 'en')} without a notebook or a pod using a GPU.`,
    zh: (p) =>
      `集群 ${p.name} 将继续运行。若再有 ${formatSpan(p.idleMs, 'zh')}没有 Notebook 或使用 GPU 的 Pod，gpubot 会再次提醒你。`,
  },
  'lifecycle.clusterIdle.deleting': {
    en: (p) => `Cluster ${p.name} is already being deleted: it sat idle.`,
    zh: (p) => `集群 ${p.name} 因空闲正在被删除。`,
  },
  'lifecycle.clusterIdle.notFound': {
    en: (p) => `gpubot keeps no running cluster named ${p.name}. Clusters it keeps: ${p.names}.`,
    zh: (p) => `gpubot 没有名为 ${p.name} 的运行中集群。它管理的集群：${p.names}。`,
  },
  'lifecycle.clusterIdle.notOwner': {
    en: (p) => `Cluster ${p.name} belongs to ${p.owner}: only they or an admin may keep it running.`,
    zh: (p) => `集群 ${p.name} 属于 ${p.owner}：只有所有者或管理员可以让它继续运行。`,
  },
  'lifecycle.clusterIdle.off': {
    en: () => 'This gpubot does not delete idle clusters (GPUBOT_CLUSTER_IDLE is off), so there is nothing to keep.',
    zh: () => '此 gpubot 不会删除空闲的集群（GPUBOT_CLUSTER_IDLE 为 off），因此无需操作。',
  },
  'cluster.title.idleDelete': { en: (p) => `Delete idle cluster ${p.name}`, zh: (p) => `删除空闲的集群 ${p.name}` },
  'cluster.deleted.idleChannel': {
    en: (p) => `Cluster ${p.name} (${p.clusterId}) was deleted: it sat idle, with no notebook and no pod using a GPU.`,
    zh: (p) => `集群 ${p.name}（${p.clusterId}）已删除：它一直空闲，没有 Notebook，也没有使用 GPU 的 Pod。`,
  },
  'cluster.deleted.idlePrivate': {
    en: (p) =>
      `Your cluster ${p.name} (${p.clusterId}) sat idle after the warning and is deleted, with its cloud resources. Create a new one when you need it.`,
    zh: (p) => `你的集群 ${p.name}（${p.clusterId}）在提醒后仍然空闲，已连同其云资源一起删除。需要时请重新创建。`,
  },
  'cluster.title.expire': { en: (p) => `Delete expired cluster ${p.name}`, zh: (p) => `删除已到期的集群 ${p.name}` },
  'cluster.deleted.expiredChannel': {
    en: (p) => `Cluster ${p.name} (${p.clusterId}) was deleted: its time to live ran out.`,
    zh: (p) => `集群 ${p.name}（${p.clusterId}）已删除：使用期限已到。`,
  },
  'cluster.deleted.expiredPrivate': {
    en: (p) =>
      `Your cluster ${p.name} (${p.clusterId}) reached the end of its time to live and is deleted, with its cloud resources. Create a new one when you need it.`,
    zh: (p) => `你的集群 ${p.name}（${p.clusterId}）已到使用期限，已连同其云资源一起删除。需要时请重新创建。`,
  },
};
