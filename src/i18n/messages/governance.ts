import type { MessageTable, Params } from '../text.js';

/** Who may use gpubot (scope, roles), the command rate limit, and the audit trail. */

const seconds = (p: Params) => Math.max(1, Math.ceil(Number(p.waitMs ?? 0) / 1000));

function auditLine(lang: 'en' | 'zh', p: Params): string {
  const who = p.actorName ? `${p.actor} (${p.actorName})` : String(p.actor);
  const what = [p.command, p.target].filter(Boolean).join(' ');
  const parts = [String(p.time), who, String(p.action)];
  if (what) parts.push(what);
  if (p.summary) parts.push(String(p.summary));
  if (p.price !== undefined) parts.push(lang === 'en' ? `≈ ¥${p.price}/hour` : `约 ¥${p.price}/小时`);
  if (p.reason) parts.push(lang === 'en' ? `reason ${p.reason}` : `原因 ${p.reason}`);
  if (p.channel) parts.push(lang === 'en' ? `in ${p.channel}` : `位于 ${p.channel}`);
  if (p.request) parts.push(lang === 'en' ? `request ${p.request}` : `请求 ${p.request}`);
  return parts.join(' · ');
}

export const governanceMessages: MessageTable = {
  'governance.scope.external': {
    en: () =>
      'gpubot only takes requests from members of the organisation it is installed in, and your account belongs to another one (for example through Slack Connect). Ask someone in that organisation, or ask a gpubot admin to allow your team.',
    zh: () =>
      'gpubot 只受理其所属组织成员的请求，而你的账号属于其他组织（例如通过 Slack Connect 或外部群加入）。请联系该组织的成员，或请 gpubot 管理员放行你的团队。',
  },
  'governance.scope.guest': {
    en: () =>
      'Guest accounts cannot use gpubot, because it spends money on the organisation’s cloud account. Ask a full member of the workspace, or a gpubot admin (GPUBOT_ALLOW_GUESTS).',
    zh: () =>
      '访客账号不能使用 gpubot，因为它会在组织的云账号上产生费用。请联系工作区正式成员，或请 gpubot 管理员开启 GPUBOT_ALLOW_GUESTS。',
  },
  'governance.scope.notListed': {
    en: () =>
      'gpubot is limited to listed people and departments here, and you are not among them. Ask a gpubot admin to add you (GPUBOT_ALLOWED_USERS or DINGTALK_ALLOWED_DEPARTMENTS).',
    zh: () =>
      'gpubot 在此仅对指定的人员和部门开放，你不在其中。请联系 gpubot 管理员添加你（GPUBOT_ALLOWED_USERS 或 DINGTALK_ALLOWED_DEPARTMENTS）。',
  },
  'governance.scope.unverified': {
    en: () => 'gpubot could not check your account with the chat platform just now, so nothing was done. Try again in a minute.',
    zh: () => 'gpubot 暂时无法向聊天平台核实你的账号，因此没有执行任何操作。请一分钟后再试。',
  },
  'governance.role.notCreator': {
    en: () =>
      'Only people listed in GPUBOT_CREATORS (and gpubot admins) may create clusters or start notebooks. Ask a gpubot admin to add you.',
    zh: () => '只有 GPUBOT_CREATORS 中列出的人员（以及 gpubot 管理员）可以创建集群或启动 Notebook。请联系 gpubot 管理员添加你。',
  },
  'governance.role.notAdmin': {
    en: () => 'Only gpubot admins (GPUBOT_ADMINS) may read the audit log.',
    zh: () => '只有 gpubot 管理员（GPUBOT_ADMINS）可以查看审计日志。',
  },
  'governance.rate.limited': {
    en: (p) =>
      `You sent more than ${p.perMinute} commands in a minute, so gpubot is ignoring your commands for about ${seconds(p)} s. This is the only notice; nothing you sent meanwhile was done.`,
    zh: (p) =>
      `你在一分钟内发送了超过 ${p.perMinute} 条命令，gpubot 将在约 ${seconds(p)} 秒内忽略你的命令。此提示只发一次；期间发送的命令均未执行。`,
  },
  'governance.password.notYours': {
    en: (p) => `The password of notebook ${p.name} goes only to its owner; admins may stop it but not read it.`,
    zh: (p) => `Notebook ${p.name} 的密码只发给其所有者；管理员可以停止它，但不能查看密码。`,
  },
  'audit.line': { en: (p) => auditLine('en', p), zh: (p) => auditLine('zh', p) },
  'audit.title': {
    en: (p) =>
      p.filter ? `Audit log for ${p.filter} (newest first, up to ${p.limit})` : `Audit log (newest first, up to ${p.limit})`,
    zh: (p) => (p.filter ? `${p.filter} 的审计日志（最新在前，最多 ${p.limit} 条）` : `审计日志（最新在前，最多 ${p.limit} 条）`),
  },
  'audit.empty': {
    en: (p) => (p.filter ? `No audit entries mention ${p.filter}.` : 'The audit log is empty.'),
    zh: (p) => (p.filter ? `没有与 ${p.filter} 相关的审计记录。` : '审计日志为空。'),
  },
  'audit.json.sent': {
    en: (p) => `The ${p.count} entries are on their way to you as a JSON file, in a direct message.`,
    zh: (p) => `${p.count} 条记录将以 JSON 文件形式私信发给你。`,
  },
  'audit.json.unavailable': {
    en: () => '`--json` sends a file, which this chat platform cannot receive from gpubot; here is the page instead.',
    zh: () => '`--json` 需要发送文件，当前聊天平台不支持；以下改为显示列表。',
  },
};
