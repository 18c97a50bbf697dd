import type { MessageTable, Params } from '../text.js';

/** Splits seconds into the parts a person would read ("1 h 5 min", "3 min 20 s", "45 s"). */
function durationParts(p: Params): { h: number; m: number; s: number } {
  const total = Math.max(0, Math.round(Number(p.seconds ?? 0)));
  return { h: Math.floor(total / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

/** Texts only the DingTalk adapter shows: help for non-text messages, progress status lines. */
export const dingtalkMessages: MessageTable = {
  'dingtalk.help.title': {
    en: () => 'How to use gpubot',
    zh: () => 'gpubot 使用说明',
  },
  'dingtalk.help.text_only': {
    en: () => 'I can only read text commands. In a group, @mention me first; in a one-to-one chat just type the command.',
    zh: () => '我只能识别文字命令。在群里请先 @我 再输入命令，单聊时直接发送即可。',
  },
  'dingtalk.help.examples': {
    en: () => 'For example:',
    zh: () => '例如：',
  },
  'dingtalk.help.example_create': {
    en: () => '`/gpu-cluster create 2 gn5`: create a GPU cluster with 2 gn5 nodes',
    zh: () => '`/gpu-cluster create 2 gn5`：创建一个包含 2 台 gn5 节点的 GPU 集群',
  },
  'dingtalk.help.example_notebook': {
    en: () => '`/notebook start`: start a Jupyter notebook on your cluster',
    zh: () => '`/notebook start`：在集群上启动一个 Jupyter Notebook',
  },
  'dingtalk.help.more': {
    en: () => 'Send `/gpu-cluster help` or `/notebook help` to see every command.',
    zh: () => '发送 `/gpu-cluster help` 或 `/notebook help` 可查看全部命令。',
  },
  'dingtalk.error.internal': {
    en: () => 'Sorry, something went wrong on my side and your command was not run. Please try again in a moment.',
    zh: () => '抱歉，我这边出了点问题，命令没有执行。请稍后再试一次。',
  },
  'dingtalk.error.external_user': {
    en: () => 'Sorry, only members of this organisation can use gpubot.',
    zh: () => '抱歉，只有本组织的成员才能使用 gpubot。',
  },
  'dingtalk.error.private_failed': {
    en: () =>
      'I could not answer you one to one (is gpubot in your visible range?), and that answer is for you only, so it is not posted here.',
    zh: () => '无法单聊回复你（gpubot 是否在你的可见范围内？）；该回复仅限你本人查看，因此不在群里发送。',
  },
  'dingtalk.progress.running': { en: () => 'In progress', zh: () => '进行中' },
  'dingtalk.progress.succeeded': { en: () => 'Completed', zh: () => '已完成' },
  'dingtalk.progress.failed': { en: () => 'Failed', zh: () => '失败' },
  'dingtalk.progress.status': {
    en: (p) => `**Status:** ${String(p.state)} · ${String(p.elapsed)} elapsed`,
    zh: (p) => `**状态：**${String(p.state)} · 已用时 ${String(p.elapsed)}`,
  },
  'dingtalk.duration': {
    en: (p) => {
      const { h, m, s } = durationParts(p);
      if (h > 0) return `${h} h ${m} min`;
      return m > 0 ? `${m} min ${s} s` : `${s} s`;
    },
    zh: (p) => {
      const { h, m, s } = durationParts(p);
      if (h > 0) return `${h} 小时 ${m} 分钟`;
      return m > 0 ? `${m} 分 ${s} 秒` : `${s} 秒`;
    },
  },
};
