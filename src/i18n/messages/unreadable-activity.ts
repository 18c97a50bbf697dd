import { formatMoment, formatSpan } from '../format-span.js';
import type { MessageTable, Params } from '../text.js';

/** A notebook whose Jupyter activity gpubot cannot read: the warning and the stop that follow. */

const at = (p: Params) => formatMoment(p.at, p.timeZone);
const gpus = (p: Params) => (Number(p.gpus) === 1 ? 'GPU' : `${p.gpus} GPUs`);

export const unreadableActivityMessages: MessageTable = {
  'lifecycle.unreadable.title': {
    en: (p) => `gpubot cannot tell whether notebook ${p.name} is in use`,
    zh: (p) => `gpubot 无法判断 Notebook ${p.name} 是否在使用`,
  },
  'lifecycle.unreadable.body': {
    en: (p) =>
      `Its Jupyter's activity could not be read for ${formatSpan(p.forMs, 'en')}, since ${formatMoment(p.since, p.timeZone)} (${p.reason}). ` +
      `gpubot stops it at ${at(p)} to free its ${gpus(p)}, unless you keep it running. Its disk, with your files, is kept.`,
    zh: (p) =>
      `自 ${formatMoment(p.since, p.timeZone)} 起已有 ${formatSpan(p.forMs, 'zh')}无法读取它的 Jupyter 活动（${p.reason}）。` +
      `除非你选择继续运行，gpubot 将在 ${at(p)} 停止它，释放 ${p.gpus} 块 GPU。它的磁盘和你的文件会保留。`,
  },
  'notebook.stop.unreadableChannel': {
    en: (p) =>
      `${p.user}'s notebook ${p.name} on ${p.cluster} was stopped: gpubot could not read its activity and no one kept it running. Its GPUs are free again${p.kept ? ' and its disk is kept' : ''}.`,
    zh: (p) =>
      `${p.user} 在集群 ${p.cluster} 上的 Notebook ${p.name} 已停止：gpubot 无法读取它的活动，且无人选择继续运行。其 GPU 已释放${p.kept ? '，磁盘已保留' : ''}。`,
  },
  'notebook.stop.unreadablePrivate': {
    en: (p) =>
      `Your notebook ${p.name} was stopped: gpubot could not tell whether it was in use, and it was not kept running after the warning. Start it again with /notebook start name=${p.name}: your disk is reattached.`,
    zh: (p) =>
      `你的 Notebook ${p.name} 已被停止：gpubot 无法判断它是否在使用，且提醒后无人选择继续运行。可用 /notebook start name=${p.name} 重新启动，磁盘会重新挂载。`,
  },
};
