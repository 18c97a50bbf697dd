import type { MessageTable, Params } from '../text.js';

/** Prices, confirmations by price, approvals, and what running clusters have cost. */

const symbol = (p: Params) => (p.currency === 'USD' ? '$' : p.currency && p.currency !== 'CNY' ? `${p.currency} ` : '¥');
const money = (p: Params, value: unknown) => `${symbol(p)}${Number(value ?? 0).toFixed(2)}`;
const hours = (value: unknown) => String(Math.round(Number(value ?? 0) * 10) / 10);
/** How long something has run: minutes under an hour, else hours with one decimal. */
const ran = (value: unknown, zh: boolean) => {
  const h = Number(value ?? 0);
  if (h < 1) return zh ? `${Math.round(h * 60)} 分钟` : `${Math.round(h * 60)} min`;
  return zh ? `${hours(h)} 小时` : `${hours(h)} h`;
};

export const spendMessages: MessageTable = {
  'spend.price': {
    en: (p) => `≈ ${money(p, p.total)}/hour (workers ${money(p, p.workers)}, cluster ${money(p, p.cluster)})`,
    zh: (p) => `约 ${money(p, p.total)}/小时（节点 ${money(p, p.workers)}，集群 ${money(p, p.cluster)}）`,
  },
  'spend.price.scale': {
    en: (p) =>
      `≈ ${money(p, p.total)}/hour after the change, ${Number(p.increase) >= 0 ? '+' : '−'}${money(p, Math.abs(Number(p.increase)))}/hour (workers ${money(p, p.workers)}, cluster ${money(p, p.cluster)})`,
    zh: (p) =>
      `变更后约 ${money(p, p.total)}/小时，${Number(p.increase) >= 0 ? '增加' : '减少'} ${money(p, Math.abs(Number(p.increase)))}/小时（节点 ${money(p, p.workers)}，集群 ${money(p, p.cluster)}）`,
  },
  'spend.price.notebook': {
    en: (p) => `≈ ${money(p, p.total)}/hour for its load balancer (its GPUs are the cluster's)`,
    zh: (p) => `负载均衡约 ${money(p, p.total)}/小时（GPU 属于所在集群）`,
  },
  'spend.price.unavailable': {
    en: (p) =>
      p.why === 'timeout'
        ? `I could not get the price of ${p.instanceType} in ${p.region} from Alibaba Cloud within ${p.seconds} s, so nothing was done. Try again in a minute (the price will be ready by then).`
        : `Alibaba Cloud did not give me the price of ${p.instanceType} in ${p.region}, so nothing was done. Try again in a minute; if it keeps failing, ask the gpubot operators to check the logs.`,
    zh: (p) =>
      p.why === 'timeout'
        ? `未能在 ${p.seconds} 秒内从阿里云获取 ${p.region} 的 ${p.instanceType} 价格，未做任何操作。请一分钟后重试（届时价格已就绪）。`
        : `阿里云没有返回 ${p.region} 的 ${p.instanceType} 价格，未做任何操作。请一分钟后重试；如持续失败，请联系 gpubot 运维查看日志。`,
  },
  'spend.confirm.create': {
    en: (p) => `Create ${p.count} × ${p.instanceType} (${p.gpus} GPUs) in ${p.region}, billed by the hour (pay-as-you-go)?`,
    zh: (p) => `确定在 ${p.region} 创建 ${p.count} 个 ${p.instanceType}（共 ${p.gpus} 块 GPU）吗？按小时计费（按量付费）。`,
  },
  'spend.confirm.thenApproval': {
    en: (p) =>
      `That is more than ${money(p, p.limit)}/hour, so after you confirm, an approver decides (${p.approvers}). Nothing is created before that.`,
    zh: (p) => `费用超过 ${money(p, p.limit)}/小时，你确认后还需审批人（${p.approvers}）批准。批准前不会创建任何资源。`,
  },
  'spend.confirm.waiting': {
    en: (p) =>
      `Confirmed. I asked ${p.approvers} to approve it; the request expires in ${hours(p.hours)} h. I will tell you the outcome.`,
    zh: (p) => `已确认。已请 ${p.approvers} 审批，请求将在 ${hours(p.hours)} 小时后过期。结果会通知你。`,
  },
  'spend.approval.title': { en: () => 'Approval needed', zh: () => '需要审批' },
  'spend.approval.request': {
    en: (p) =>
      `${p.who} (${p.principal}) asks for ${p.summary}. Approve or reject within ${hours(p.hours)} h; nothing is created before.`,
    zh: (p) => `${p.who}（${p.principal}）申请 ${p.summary}。请在 ${hours(p.hours)} 小时内批准或拒绝；批准前不会创建任何资源。`,
  },
  'spend.action.approve': { en: () => 'Approve', zh: () => '批准' },
  'spend.action.reject': { en: () => 'Reject', zh: () => '拒绝' },
  'spend.approval.granted': {
    en: (p) => `Approved: ${p.who}'s ${p.summary}. It is being created now; ${p.who} is told.`,
    zh: (p) => `已批准：${p.who} 的 ${p.summary}，正在创建，并已通知 ${p.who}。`,
  },
  'spend.approval.rejected': {
    en: (p) => `Rejected: ${p.who}'s ${p.summary}. Nothing is created; ${p.who} is told.`,
    zh: (p) => `已拒绝：${p.who} 的 ${p.summary}，不会创建任何资源，并已通知 ${p.who}。`,
  },
  'spend.approval.notApprover': {
    en: () => 'Only approvers (GPUBOT_APPROVERS) can approve or reject spending. Ask one of them.',
    zh: () => '只有审批人（GPUBOT_APPROVERS）可以批准或拒绝费用申请，请联系审批人。',
  },
  'spend.approval.own': {
    en: () => 'You cannot approve or reject your own request; another approver decides.',
    zh: () => '你不能审批自己的申请，需由其他审批人决定。',
  },
  'spend.approval.noApprover': {
    en: (p) =>
      `This costs more than ${money(p, p.limit)}/hour and needs an approver other than you, but none is configured for this platform (GPUBOT_APPROVERS). Nothing was done; ask a gpubot admin, or ask for less.`,
    zh: (p) =>
      `费用超过 ${money(p, p.limit)}/小时，需要你以外的审批人批准，但此平台未配置审批人（GPUBOT_APPROVERS）。未做任何操作；请联系 gpubot 管理员，或少申请一些。`,
  },
  'spend.decision.gone': {
    en: (p) =>
      p.state === 'expired'
        ? 'This request has expired; nothing was created. Run the command again if it is still needed.'
        : `This request was already ${p.state}${p.by ? ` by ${p.by}` : ''}.`,
    zh: (p) =>
      p.state === 'expired'
        ? '该请求已过期，未创建任何资源。如仍需要，请重新执行命令。'
        : `该请求已被${p.by ? ` ${p.by} ` : ''}处理（${p.state}）。`,
  },
  'spend.outcome.approved': {
    en: (p) => `${p.by} approved your request (${p.summary}); it is being created now.`,
    zh: (p) => `${p.by} 已批准你的申请（${p.summary}），正在创建。`,
  },
  'spend.outcome.rejected': {
    en: (p) => `${p.by} rejected your request (${p.summary}); nothing was created.`,
    zh: (p) => `${p.by} 拒绝了你的申请（${p.summary}），未创建任何资源。`,
  },
  'spend.outcome.approvalExpired': {
    en: (p) => `No approver decided on your request (${p.summary}) in time; it expired and nothing was created.`,
    zh: (p) => `审批人未在期限内处理你的申请（${p.summary}），申请已过期，未创建任何资源。`,
  },
  'spend.outcome.confirmExpired': {
    en: (p) => `You did not confirm your request (${p.summary}) within 15 minutes; nothing was created.`,
    zh: (p) => `你未在 15 分钟内确认申请（${p.summary}），未创建任何资源。`,
  },
  'spend.usage.cluster': {
    en: (p) =>
      p.spend === undefined
        ? `running ${ran(p.hours, false)}`
        : `running ${ran(p.hours, false)} · ≈ ${money(p, p.spend)} so far (${money(p, p.price)}/hour)`,
    zh: (p) =>
      p.spend === undefined
        ? `已运行 ${ran(p.hours, true)}`
        : `已运行 ${ran(p.hours, true)} · 至今约 ${money(p, p.spend)}（${money(p, p.price)}/小时）`,
  },
  'spend.usage.owner': {
    en: (p) => `${p.owner}: ${p.clusters} running, ${hours(p.hours)} cluster-hours, ≈ ${money(p, p.spend)} so far`,
    zh: (p) => `${p.owner}：${p.clusters} 个运行中，共 ${hours(p.hours)} 集群小时，至今约 ${money(p, p.spend)}`,
  },
};
