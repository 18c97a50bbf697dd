import type { MessageTable } from '../text.js';

/** Immediate replies, confirmations, job and delivery errors, cloud error explanations. */
export const coreMessages: MessageTable = {
  'core.queued.create': {
    en: (p) =>
      `Queued: GPU cluster ${p.name} with ${p.count} × ${p.instanceType} in ${p.region}. ` +
      "I'll post progress here and message you privately when it is ready.",
    zh: (p) =>
      `已排队：在 ${p.region} 创建 GPU 集群 ${p.name}（${p.count} × ${p.instanceType}）。进度会发在这里，就绪后私信通知你。`,
  },
  'core.queued.delete': {
    en: (p) => `Queued: delete cluster ${p.name}. I'll post progress here.`,
    zh: (p) => `已排队：删除集群 ${p.name}。进度会发在这里。`,
  },
  'core.queued.list': { en: () => "Looking that up; I'll message you privately.", zh: () => '正在查询，结果将私信发给你。' },
  'core.queued.status': {
    en: () => "Checking live status; I'll message you privately.",
    zh: () => '正在查询实时状态，结果将私信发给你。',
  },
  'core.queued.notebookStart': {
    en: (p) =>
      `Queued: a notebook with ${Number(p.gpus) === 1 ? '1 GPU' : `${p.gpus} GPUs`}. I'll post progress here; the password comes to you privately.`,
    zh: (p) => `已排队：启动使用 ${p.gpus} 块 GPU 的 Notebook。进度会发在这里，密码将私信发给你。`,
  },
  'core.queued.notebookStop': { en: (p) => `Queued: stop notebook ${p.name}.`, zh: (p) => `已排队：停止 Notebook ${p.name}。` },
  'core.queued.notebookPassword': {
    en: (p) => `I'll send the password of ${p.name} to you privately.`,
    zh: (p) => `将私信发送 ${p.name} 的密码给你。`,
  },
  'core.queued.generic': { en: () => 'Queued.', zh: () => '已排队。' },
  'core.language.set': { en: () => 'Language set to English.', zh: () => '语言已设为中文。' },
  'core.queued.notebookDelete': {
    en: (p) => `Queued: delete notebook ${p.name} and its disk.`,
    zh: (p) => `已排队：删除 Notebook ${p.name} 及其磁盘。`,
  },
  'core.confirm.notebookDelete': {
    en: (p) =>
      `Delete notebook ${p.name} and its disk? Everything saved in it (notebooks, data, installed packages) is lost for good. To keep it, use \`/notebook stop ${p.name}\` instead.`,
    zh: (p) =>
      `确定删除 Notebook ${p.name} 及其磁盘吗？其中保存的一切（Notebook、数据、已安装的软件包）都将永久丢失。如需保留，请改用 \`/notebook stop ${p.name}\`。`,
  },
  'core.confirm.delete': {
    en: (p) => `Delete cluster ${p.name}? Its GPU workers and any notebooks on it will be removed.`,
    zh: (p) => `确定删除集群 ${p.name} 吗？其 GPU 节点及上面的 Notebook 都会被删除。`,
  },
  'core.confirm.create': {
    en: (p) =>
      `Create ${p.count} × ${p.instanceType} GPU workers? That is more than ${p.limit} nodes, billed by the hour (pay-as-you-go).`,
    zh: (p) => `确定创建 ${p.count} 个 ${p.instanceType} GPU 节点吗？超过 ${p.limit} 个节点，按小时计费（按量付费）。`,
  },
  'core.confirm.byText': {
    en: (p) => `To go ahead, answer \`/gpu-cluster confirm ${p.code}\` within 15 minutes (or \`/gpu-cluster cancel ${p.code}\`).`,
    zh: (p) =>
      `如确认执行，请在 15 分钟内回复 \`/gpu-cluster confirm ${p.code}\`（取消请回复 \`/gpu-cluster cancel ${p.code}\`）。`,
  },
  'core.action.confirm': { en: () => 'Confirm', zh: () => '确认' },
  'core.action.cancel': { en: () => 'Cancel', zh: () => '取消' },
  'core.confirm.expired': {
    en: () => 'This confirmation has expired or was already used. Run the command again.',
    zh: () => '该确认已过期或已被使用，请重新执行命令。',
  },
  'core.confirm.notYours': {
    en: (p) => `Only ${p.owner}, who asked, or a gpubot admin can answer this.`,
    zh: (p) => `只有发起人 ${p.owner} 或 gpubot 管理员可以操作。`,
  },
  'core.confirm.cancelled': { en: () => 'Cancelled; nothing was changed.', zh: () => '已取消，未做任何更改。' },
  'job.done': { en: () => 'Done', zh: () => '完成' },
  'job.error.unexpected': {
    en: (p) =>
      `Something went wrong on our side (${p.code}). Nothing more will be retried; ask the gpubot operators to check the logs.`,
    zh: (p) => `gpubot 内部出错（${p.code}），不会再重试。请联系 gpubot 运维查看日志。`,
  },
  'outbox.privateUndeliverable': {
    en: (p) => `I could not send a private message to ${p.user}: ${p.reason}`,
    zh: (p) => `无法向 ${p.user} 发送私信：${p.reason}`,
  },
  'cloud.error.credentials': {
    en: (p) =>
      `Alibaba Cloud rejected gpubot's access key (${p.code}). The operator must check ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET.`,
    zh: (p) => `阿里云拒绝了 gpubot 的访问密钥（${p.code}）。请运维检查 ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET。`,
  },
  'cloud.error.permission': {
    en: (p) =>
      `gpubot's access key may not call ${p.action} (${p.code}). An administrator must grant the RAM policy listed in the README.`,
    zh: (p) => `gpubot 的访问密钥无权调用 ${p.action}（${p.code}）。请管理员授予 README 中列出的 RAM 策略。`,
  },
  'cloud.error.balance': {
    en: (p) => `The Alibaba Cloud account balance is too low (${p.code}). Top it up, then try again.`,
    zh: (p) => `阿里云账号余额不足（${p.code}）。请充值后重试。`,
  },
  'cloud.error.quota': {
    en: (p) => `An Alibaba Cloud quota was exceeded (${p.code}: ${p.message}). Raise it in the Quota Center or ask for less.`,
    zh: (p) => `超出了阿里云配额（${p.code}：${p.message}）。请在配额中心提升配额或减少申请量。`,
  },
  'cloud.error.stock': {
    en: (p) => `The GPU type is out of stock (${p.code}). Try another zone, region or family, or try later.`,
    zh: (p) => `GPU 规格库存不足（${p.code}）。请换可用区、地域或规格族，或稍后重试。`,
  },
  'cloud.error.nameTaken': {
    en: () => 'Another cluster took that name in the meantime. Choose another name with name=<n>.',
    zh: () => '该名称刚被另一个集群占用。请用 name=<名称> 换一个名字。',
  },
  'cloud.error.rejected': {
    en: (p) => `Alibaba Cloud refused ${p.action}: ${p.code}: ${p.message}`,
    zh: (p) => `阿里云拒绝了 ${p.action}：${p.code}：${p.message}`,
  },
};
