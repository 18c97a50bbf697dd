import type { MessageTable } from '../text.js';

/** Texts only the Slack adapter uses: ack fallbacks, progress chrome, confirm dialogs, elapsed time. */
export const slackMessages: MessageTable = {
  'slack.ack.working': {
    en: () => 'Received. Working on it; you will see the result here shortly.',
    zh: () => '已收到，正在处理，稍后会在这里看到结果。',
  },
  'slack.ack.failed': {
    en: () => 'Sorry, gpubot could not take this request right now. Please try again in a minute.',
    zh: () => '抱歉，gpubot 暂时无法受理此请求，请稍后再试。',
  },
  'slack.error.not_in_channel': {
    en: (p) => `gpubot cannot post in channel ${String(p.channel)}. Invite it with \`/invite @gpubot\` and try again.`,
    zh: (p) => `gpubot 无法在频道 ${String(p.channel)} 发消息。请用 \`/invite @gpubot\` 邀请它后重试。`,
  },
  'slack.confirm.title': { en: () => 'Are you sure?', zh: () => '确定吗？' },
  'slack.confirm.text': {
    en: (p) => `"${String(p.action)}" cannot be undone.`,
    zh: (p) => `“${String(p.action)}”无法撤销。`,
  },
  'slack.confirm.deny': { en: () => 'Cancel', zh: () => '取消' },
  'slack.progress.running': { en: () => 'In progress', zh: () => '进行中' },
  'slack.progress.succeeded': { en: () => 'Succeeded', zh: () => '已完成' },
  'slack.progress.failed': { en: () => 'Failed', zh: () => '失败' },
  'slack.progress.step': {
    en: (p) => `Step ${String(p.index)}/${String(p.total)}: ${String(p.label)}`,
    zh: (p) => `第 ${String(p.index)}/${String(p.total)} 步：${String(p.label)}`,
  },
  'slack.progress.elapsed': {
    en: (p) => `Elapsed ${String(p.elapsed)}`,
    zh: (p) => `已用时 ${String(p.elapsed)}`,
  },
  'slack.progress.took': {
    en: (p) => `Took ${String(p.elapsed)}`,
    zh: (p) => `用时 ${String(p.elapsed)}`,
  },
  'slack.elapsed.s': { en: (p) => `${String(p.s)}s`, zh: (p) => `${String(p.s)}秒` },
  'slack.elapsed.ms': { en: (p) => `${String(p.m)}m ${String(p.s)}s`, zh: (p) => `${String(p.m)}分${String(p.s)}秒` },
  'slack.elapsed.hm': { en: (p) => `${String(p.h)}h ${String(p.m)}m`, zh: (p) => `${String(p.h)}小时${String(p.m)}分` },
  'slack.truncated': { en: () => '…(truncated)', zh: () => '……（已截断）' },
};
