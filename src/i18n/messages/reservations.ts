import type { MessageTable, Params } from '../text.js';

const n = (value: unknown) => Number(value ?? 0);
/** GPU-minutes as hours with at most one decimal. */
const hours = (minutes: unknown) => String(Math.round(n(minutes) / 6) / 10);
/** The currency's smallest unit (fen) as yuan. */
const yuan = (fen: unknown) => `¥${(n(fen) / 100).toFixed(2)}`;
const fewer = (p: Params) => Math.max(0, n(p.limit) - n(p.used));

/** Why a reservation was refused: the limit, what is in use, what was asked, what to do. */
export const reservationMessages: MessageTable = {
  'reservations.refused.accountClusters': {
    en: (p) =>
      `The account allows ${p.limit} clusters and ${p.used} are in use or being created` +
      `${p.scope ? ` (regions checked: ${p.scope})` : ''}. ` +
      'Delete one with `/gpu-cluster delete <name>`, or raise the ACK cluster quota in the Quota Center.',
    zh: (p) =>
      `账号最多允许 ${p.limit} 个集群，已有 ${p.used} 个在用或正在创建${p.scope ? `（已检查地域：${p.scope}）` : ''}。` +
      '请用 `/gpu-cluster delete <name>` 删除一个，或在配额中心提升 ACK 集群配额。',
  },
  'reservations.refused.managedClusters': {
    en: (p) =>
      `The account allows ${p.limit} managed (ACK) clusters and ${p.used} are in use or being created. Delete one or raise the quota.`,
    zh: (p) => `账号最多允许 ${p.limit} 个 ACK 托管集群，已有 ${p.used} 个在用或正在创建。请删除一个或提升配额。`,
  },
  'reservations.refused.basicClusters': {
    en: (p) =>
      `ACK Basic (ack.standard) allows at most ${p.limit} clusters per account and ACK does not raise that limit; ` +
      `${p.used} are in use or being created${p.scope ? ` (these exist: ${p.scope})` : ''}. ` +
      'Delete one with `/gpu-cluster delete <name>`, or have the operator switch to ACK Pro (GPUBOT_CLUSTER_SPEC=ack.pro.small).',
    zh: (p) =>
      `ACK 基础版（ack.standard）每个账号最多 ${p.limit} 个集群，且无法提升；已有 ${p.used} 个在用或正在创建` +
      `${p.scope ? `（现有：${p.scope}）` : ''}。` +
      '请用 `/gpu-cluster delete <name>` 删除一个，或请运维改用 ACK Pro（GPUBOT_CLUSTER_SPEC=ack.pro.small）。',
  },
  'reservations.refused.clusterNodes': {
    en: (p) =>
      n(p.used) === 0
        ? `${p.amount} workers exceed the limit of ${p.limit} nodes per cluster. Ask for ${p.limit} or fewer.`
        : `${p.amount} more nodes would exceed the limit of ${p.limit} nodes per cluster (${p.used} already). ` +
          `Ask for ${fewer(p)} or fewer.`,
    zh: (p) =>
      n(p.used) === 0
        ? `${p.amount} 个工作节点超出每集群 ${p.limit} 个节点的上限。请申请不超过 ${p.limit} 个。`
        : `再加 ${p.amount} 个节点会超出每集群 ${p.limit} 个节点的上限（已有 ${p.used} 个）。请申请不超过 ${fewer(p)} 个。`,
  },
  'reservations.refused.clusterGpus': {
    en: (p) =>
      `Cluster ${p.scope} has ${p.limit} GPUs and notebooks already use ${p.used}, so ${p.amount} more do not fit. ` +
      'Ask for fewer (gpus=<n>), stop a notebook, or use another cluster (cluster=<name>).',
    zh: (p) =>
      `集群 ${p.scope} 共有 ${p.limit} 块 GPU，notebook 已占用 ${p.used} 块，放不下再多 ${p.amount} 块。` +
      '请少申请一些（gpus=<n>）、停止一个 notebook，或换一个集群（cluster=<name>）。',
  },
  'reservations.refused.userGpus': {
    en: (p) =>
      `You already have ${p.used} GPUs running and asked for ${p.amount} more; your limit is ${p.limit}. ` +
      'Delete a cluster or ask for fewer.',
    zh: (p) => `你已有 ${p.used} 块 GPU 在运行，又申请了 ${p.amount} 块；你的上限是 ${p.limit} 块。请删除一个集群或少申请一些。`,
  },
  'reservations.refused.userClusters': {
    en: (p) =>
      `You already have ${p.used} clusters (running or being created); your limit is ${p.limit}. ` +
      'Delete one with `/gpu-cluster delete <name>` first.',
    zh: (p) =>
      `你已有 ${p.used} 个集群（运行中或正在创建）；你的上限是 ${p.limit} 个。请先用 \`/gpu-cluster delete <name>\` 删除一个。`,
  },
  'reservations.refused.userNotebooks': {
    en: (p) => `You already have ${p.used} notebooks; your limit is ${p.limit}. Stop one with \`/notebook stop <name>\` first.`,
    zh: (p) => `你已有 ${p.used} 个 notebook；你的上限是 ${p.limit} 个。请先用 \`/notebook stop <name>\` 停止一个。`,
  },
  'reservations.refused.userGpuMinutes': {
    en: (p) =>
      `Today you have used or booked ${hours(p.used)} of your ${hours(p.limit)} GPU-hours; this needs ${hours(p.amount)} more. ` +
      'Try again tomorrow or ask for fewer GPUs.',
    zh: (p) =>
      `今天你已使用或预订 ${hours(p.used)} GPU 小时，上限 ${hours(p.limit)}；本次还需 ${hours(p.amount)}。请明天再试或少申请一些 GPU。`,
  },
  'reservations.refused.workspaceGpus': {
    en: (p) =>
      `This workspace already runs ${p.used} GPUs of the ${p.limit} it allows, so ${p.amount} more do not fit. ` +
      'Free some GPUs or ask an admin.',
    zh: (p) =>
      `本工作区已有 ${p.used} 块 GPU 在运行，上限 ${p.limit} 块，放不下再多 ${p.amount} 块。请释放一些 GPU 或联系管理员。`,
  },
  'reservations.refused.workspaceSpend': {
    en: (p) =>
      `This workspace has spent or booked ${yuan(p.used)} of today's budget of ${yuan(p.limit)}; this needs ${yuan(p.amount)} more. ` +
      'Try again tomorrow or ask an admin.',
    zh: (p) =>
      `本工作区今天已花费或预订 ${yuan(p.used)}，预算 ${yuan(p.limit)}；本次还需 ${yuan(p.amount)}。请明天再试或联系管理员。`,
  },
};
