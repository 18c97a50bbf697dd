import {
  COMMAND_WORDS,
  findSubcommand,
  subcommandId,
  subcommandsOf,
  type Placeholder,
  type SubcommandId,
  type SubcommandSpec,
  type Topic,
} from '../../commands/command-grammar.js';
import type { MessageTable, Params } from '../text.js';

/** Parser errors, usage and help texts. Usage lines are rendered from the grammar table, per locale. */

type Lang = 'en' | 'zh';
type Pair = Readonly<Record<Lang, string>>;

const PLACEHOLDERS: Readonly<Record<Placeholder, Pair>> = {
  count: { en: 'count', zh: '节点数' },
  code: { en: 'code', zh: '确认码' },
  familyOrType: { en: 'family|instance-type', zh: '机型族|实例规格' },
  clusterName: { en: 'cluster-name', zh: '集群名称' },
  notebookName: { en: 'notebook-name', zh: 'Notebook名称' },
  region: { en: 'region', zh: '地域' },
  zone: { en: 'zone', zh: '可用区' },
  gpus: { en: '1-8', zh: '1-8' },
  image: { en: 'image', zh: '镜像' },
  language: { en: 'en|zh|zh-CN', zh: 'en|zh|zh-CN' },
  auditFilter: { en: 'name|user', zh: '名称|用户' },
  jsonFlag: { en: '--json', zh: '--json' },
  duration: { en: 'duration', zh: '时长' },
};

const SUMMARIES: Readonly<Record<SubcommandId, Pair>> = {
  'cluster.create': {
    en: 'Create an ACK Kubernetes cluster with <count> GPU worker nodes: a family (its default type) or an exact instance type. It is deleted when its time to live (ttl=, e.g. 8h or 3d) runs out, after a warning.',
    zh: '创建 ACK Kubernetes 集群，包含指定数量的 GPU 工作节点；可写机型族（使用其默认规格）或具体实例规格。使用期限（ttl=，如 8h 或 3d）到期后，集群会在提醒之后被删除。',
  },
  'cluster.list': { en: 'List your GPU clusters.', zh: '列出您的 GPU 集群。' },
  'cluster.status': {
    en: "Show a cluster's state and progress; without a name, all of your clusters.",
    zh: '查看集群的状态和进度；不写名称时显示您的全部集群。',
  },
  'cluster.delete': { en: 'Delete a cluster and release its GPU nodes.', zh: '删除集群并释放其 GPU 节点。' },
  'cluster.scale': {
    en: 'Grow or shrink a cluster to <count> GPU workers (owner or admin): priced and confirmed like a create; shrinking removes idle nodes first and stops a notebook only if you confirm.',
    zh: '将集群的 GPU 工作节点扩容或缩容到指定数量（限所有者或管理员）：与创建一样计价和确认；缩容优先移除空闲节点，只有经您确认才会停止 Notebook。',
  },
  'cluster.extend': {
    en: 'Keep a cluster longer: its expiry moves later by the duration (e.g. 2h, 1d; owner or admin, up to the maximum lifetime).',
    zh: '延长集群的使用期限：到期时间推后指定时长（如 2h、1d；限所有者或管理员，不超过最长使用期限）。',
  },
  'cluster.keep': {
    en: 'Keep an idle cluster after its warning: gpubot counts its idle time (no notebook, no GPU pod) from now again (owner or admin).',
    zh: '在空闲提醒后保留集群：gpubot 从现在起重新计算它的空闲时间（没有 Notebook、没有使用 GPU 的 Pod；限所有者或管理员）。',
  },
  'cluster.audit': {
    en: 'Admins: recent audit entries, all or about one cluster, notebook or user; `--json` sends them as a file (Slack).',
    zh: '管理员：查看最近的审计记录，可按集群、Notebook 或用户筛选；`--json` 以文件形式发送（Slack）。',
  },
  'cluster.lang': { en: 'Choose the language gpubot replies to you in.', zh: '设置 gpubot 回复您时使用的语言。' },
  'cluster.confirm': {
    en: 'Confirm a deletion or a costly create you asked for, with the code gpubot gave you.',
    zh: '用 gpubot 给出的确认码确认您发起的删除或高费用创建。',
  },
  'cluster.cancel': {
    en: 'Cancel a deletion or create waiting for confirmation or approval.',
    zh: '取消等待确认或审批的删除或创建。',
  },
  'cluster.approve': {
    en: "Approvers: approve someone else's costly request, with the code in the approval request.",
    zh: '审批人：用审批请求中的代码批准他人的高费用申请。',
  },
  'cluster.reject': {
    en: "Approvers: reject someone else's costly request; nothing is created.",
    zh: '审批人：拒绝他人的高费用申请，不会创建任何资源。',
  },
  'cluster.help': { en: 'Show this help.', zh: '显示本帮助。' },
  'notebook.start': {
    en: 'Start a Jupyter notebook on a GPU cluster (gpus defaults to 1), or start a stopped one again with its disk (name=); its URL and password come by private message.',
    zh: '在 GPU 集群上启动 Jupyter Notebook（gpus 默认为 1），或用 name= 带着磁盘重新启动已停止的 Notebook；访问地址和密码会通过私信发给您。',
  },
  'notebook.list': { en: 'List your notebooks.', zh: '列出您的 Notebook。' },
  'notebook.stop': {
    en: 'Stop a notebook and free its GPUs; its disk (your work) is kept until you delete it.',
    zh: '停止 Notebook 并释放其占用的 GPU；它的磁盘（你的工作）会保留，直到你删除它。',
  },
  'notebook.keep': {
    en: 'Keep an idle notebook running after its warning: gpubot counts its idle time from now again (owner or admin).',
    zh: '在空闲提醒后让 Notebook 继续运行：gpubot 从现在起重新计算空闲时间（限所有者或管理员）。',
  },
  'notebook.delete': {
    en: 'Delete a notebook and its disk, with everything saved in it (asks for confirmation).',
    zh: '删除 Notebook 及其磁盘和其中保存的全部内容（需要确认）。',
  },
  'notebook.password': { en: "Get a notebook's password by private message.", zh: '通过私信获取 Notebook 的密码。' },
  'notebook.lang': { en: 'Choose the language gpubot replies to you in.', zh: '设置 gpubot 回复您时使用的语言。' },
  'notebook.help': { en: 'Show this help.', zh: '显示本帮助。' },
};

function placeholder(lang: Lang, id: Placeholder): string {
  const word = PLACEHOLDERS[id][lang];
  // A flag is typed as written; only values get angle brackets.
  return word.startsWith('--') ? word : `<${word}>`;
}

function renderUsage(lang: Lang, spec: SubcommandSpec): string {
  const parts = [`/${COMMAND_WORDS[spec.topic]}`, spec.word];
  for (const arg of spec.positionals) {
    parts.push(arg.optional ? `[${placeholder(lang, arg.placeholder)}]` : placeholder(lang, arg.placeholder));
  }
  for (const option of spec.options) parts.push(`[${option.key}=${placeholder(lang, option.placeholder)}]`);
  return parts.join(' ');
}

function topicOf(p: Params): Topic {
  return p.topic === 'notebook' ? 'notebook' : 'cluster';
}

/** The grammar row named by `{topic, sub}` params; undefined for a Text stored before a row was removed. */
function specOf(p: Params): SubcommandSpec | undefined {
  return typeof p.sub === 'string' ? findSubcommand(topicOf(p), p.sub) : undefined;
}

function subWords(topic: Topic, separator: string): string {
  return subcommandsOf(topic)
    .map((spec) => spec.word)
    .join(separator);
}

function usage(lang: Lang, p: Params): string {
  const topic = topicOf(p);
  const command = `/${COMMAND_WORDS[topic]}`;
  const spec = specOf(p);
  if (spec) return lang === 'en' ? `Usage: \`${renderUsage('en', spec)}\`` : `用法：\`${renderUsage('zh', spec)}\``;
  return lang === 'en'
    ? `Usage: \`${command} <sub-command>\`. Sub-commands: ${subWords(topic, ', ')}. Send \`${command} help\` for details.`
    : `用法：\`${command} <子命令>\`。可用子命令：${subWords(topic, '、')}。发送 \`${command} help\` 查看详细说明。`;
}

function helpEntry(lang: Lang, p: Params): string {
  const spec = specOf(p);
  if (!spec) return '';
  const summary = SUMMARIES[subcommandId(spec)][lang];
  return lang === 'en' ? `\`${renderUsage('en', spec)}\` — ${summary}` : `\`${renderUsage('zh', spec)}\`：${summary}`;
}

function argName(lang: Lang, p: Params): string {
  const id = String(p.arg ?? '');
  return id in PLACEHOLDERS ? placeholder(lang, id as Placeholder) : id;
}

const NAME_PROBLEMS: Readonly<Record<string, (p: Params) => Pair>> = {
  'too-long': (p) => ({
    en: `is ${p.length} characters long (at most ${p.max})`,
    zh: `过长（${p.length} 个字符，最多 ${p.max} 个）`,
  }),
  uppercase: () => ({ en: 'contains uppercase letters', zh: '包含大写字母' }),
  char: (p) => ({ en: `contains \`${p.char}\``, zh: `包含不允许的字符 \`${p.char}\`` }),
  start: () => ({ en: 'does not start with a letter', zh: '没有以字母开头' }),
  end: () => ({ en: 'ends with a hyphen', zh: '以连字符结尾' }),
  reserved: () => ({ en: 'is a reserved word', zh: '是保留字' }),
};

function invalidName(lang: Lang, p: Params): string {
  const problem = (NAME_PROBLEMS[String(p.problem)] ?? NAME_PROBLEMS.char)?.(p)[lang] ?? '';
  const cluster = p.kind === 'cluster';
  if (lang === 'en') {
    const what = cluster ? 'Cluster name' : 'Notebook name';
    const hint = p.suggestion ? ` Try \`${p.suggestion}\`.` : '';
    return `${what} \`${p.value}\` ${problem}. Names use lowercase letters, digits and hyphens, start with a letter, do not end with a hyphen, and have at most ${p.max} characters.${hint}`;
  }
  const what = cluster ? '集群名称' : 'Notebook 名称';
  const hint = p.suggestion ? `可以试试 \`${p.suggestion}\`。` : '';
  return `${what} \`${p.value}\` ${problem}。名称只能包含小写字母、数字和连字符（-），须以字母开头、不能以连字符结尾，最多 ${p.max} 个字符。${hint}`;
}

const IMAGE_PROBLEMS: Readonly<Record<string, Pair>> = {
  uppercase: { en: 'the repository path must be lowercase', zh: '仓库路径必须全部小写' },
  tag: {
    en: 'the tag must be 1-128 letters, digits, `_`, `.` or `-` and not start with `.` or `-`',
    zh: '标签须为 1-128 个字母、数字、`_`、`.` 或 `-`，且不能以 `.` 或 `-` 开头',
  },
  digest: {
    en: 'a digest must be `sha256:` followed by 64 lowercase hex digits',
    zh: '摘要须为 `sha256:` 加 64 位小写十六进制数字',
  },
  'too-long': { en: 'the name is longer than 255 characters', zh: '名称超过 255 个字符' },
  format: {
    en: 'it does not have the form `[registry[:port]/]path[:tag][@sha256:<digest>]`',
    zh: '格式应为 `[仓库地址[:端口]/]路径[:标签][@sha256:<摘要>]`',
  },
};

const EXAMPLES: Readonly<Record<Topic, Pair>> = {
  cluster: {
    en: 'Examples: `/gpu-cluster create 2 gn5`, `/gpu-cluster create 1 gn6i name=demo region=cn-hangzhou zone=cn-hangzhou-h`, `/gpu-cluster status demo`, `/gpu-cluster lang zh`.',
    zh: '示例：`/gpu-cluster create 2 gn5`、`/gpu-cluster create 1 gn6i name=demo region=cn-hangzhou zone=cn-hangzhou-h`、`/gpu-cluster status demo`、`/gpu-cluster lang en`。',
  },
  notebook: {
    en: 'Examples: `/notebook start`, `/notebook start cluster=demo gpus=1 image=tensorflow/tensorflow:1.4.1-gpu-py3`, `/notebook stop my-notebook`.',
    zh: '示例：`/notebook start`、`/notebook start cluster=demo gpus=1 image=tensorflow/tensorflow:1.4.1-gpu-py3`、`/notebook stop my-notebook`。',
  },
};

/** List params travel comma-joined; each language joins them its own way. */
function list(lang: Lang, value: Params[string]): string {
  return String(value ?? '')
    .split(',')
    .join(lang === 'en' ? ', ' : '、');
}

/** `gn5` or `gn5i` / `gn5` 或 `gn5i`: suggestions, in code spans. */
function alternatives(lang: Lang, value: Params[string]): string {
  const items = String(value ?? '')
    .split(',')
    .map((item) => `\`${item}\``);
  const last = items.pop() ?? '';
  if (items.length === 0) return last;
  return lang === 'en' ? `${items.join(', ')} or ${last}` : `${items.join('、')} 或 ${last}`;
}

/** Builds a table entry from one function of (lang, params), for the texts assembled from parts. */
function both(render: (lang: Lang, p: Params) => string): MessageTable[string] {
  return { en: (p) => render('en', p), zh: (p) => render('zh', p) };
}

export const commandMessages: MessageTable = {
  'cmd.usage': both(usage),
  'cmd.usage.overview': {
    en: () =>
      'Commands: `/gpu-cluster` manages GPU clusters, `/notebook` manages Jupyter notebooks. Send `/gpu-cluster help` or `/notebook help`.',
    zh: () =>
      '可用命令：`/gpu-cluster` 管理 GPU 集群，`/notebook` 管理 Jupyter Notebook。发送 `/gpu-cluster help` 或 `/notebook help` 查看用法。',
  },
  'cmd.help.title': {
    en: (p) => (topicOf(p) === 'cluster' ? 'GPU cluster commands:' : 'Notebook commands:'),
    zh: (p) => (topicOf(p) === 'cluster' ? 'GPU 集群命令：' : 'Notebook 命令：'),
  },
  'cmd.help.entry': both(helpEntry),
  'cmd.help.families': {
    en: (p) =>
      `GPU families: ${list('en', p.families)}. A family stands for its smallest single-GPU type that ACK accepts as a worker; write an exact type such as \`ecs.gn6i-c8g1.2xlarge\` to choose another.`,
    zh: (p) =>
      `GPU 机型族：${list('zh', p.families)}。写机型族时使用该族中 ACK 可用作工作节点的最小单卡规格；如需其他规格，请直接写实例规格，例如 \`ecs.gn6i-c8g1.2xlarge\`。`,
  },
  'cmd.help.examples': both((lang, p) => EXAMPLES[topicOf(p)][lang]),

  'cmd.error.empty': {
    en: () => 'The command is empty. Start with `/gpu-cluster` or `/notebook`.',
    zh: () => '命令为空。请以 `/gpu-cluster` 或 `/notebook` 开头。',
  },
  'cmd.error.tooLong': {
    en: (p) => `The command is ${p.length} characters long; the limit is ${p.max}. Shorten it and send it again.`,
    zh: (p) => `命令长度为 ${p.length} 个字符，超过了 ${p.max} 个字符的上限。请缩短后重新发送。`,
  },
  'cmd.error.controlChar': {
    en: (p) =>
      `The command contains an invisible control or binary character (${p.codePoint}) at position ${p.position}. Retype the command without it.`,
    zh: (p) => `命令的第 ${p.position} 个字符是不可见的控制字符或二进制字符（${p.codePoint}）。请删除后重新输入。`,
  },
  'cmd.error.unknownCommand': {
    en: (p) =>
      `Unknown command \`${p.word}\`.${p.suggestion ? ` Did you mean \`/${p.suggestion}\`?` : ''} The commands are \`/gpu-cluster\` and \`/notebook\`.`,
    zh: (p) =>
      `未知命令 \`${p.word}\`。${p.suggestion ? `您是不是想输入 \`/${p.suggestion}\`？` : ''}可用命令为 \`/gpu-cluster\` 和 \`/notebook\`。`,
  },
  'cmd.error.unknownSubcommand': {
    en: (p) =>
      `\`/${p.command}\` has no sub-command \`${p.word}\`.${p.suggestion ? ` Did you mean \`${p.suggestion}\`?` : ''} Sub-commands: ${list('en', p.choices)}.`,
    zh: (p) =>
      `\`/${p.command}\` 没有子命令 \`${p.word}\`。${p.suggestion ? `您是不是想输入 \`${p.suggestion}\`？` : ''}可用子命令：${list('zh', p.choices)}。`,
  },
  'cmd.error.missingArgument': {
    en: (p) => `\`/${p.command} ${p.sub}\` needs ${argName('en', p)}.`,
    zh: (p) => `\`/${p.command} ${p.sub}\` 缺少参数 ${argName('zh', p)}。`,
  },
  'cmd.error.missingCount': {
    en: (p) => `How many nodes? Put the node count before the type, e.g. \`/gpu-cluster create 2 ${p.worker}\`.`,
    zh: (p) => `需要几个节点？请在机型前写上节点数，例如 \`/gpu-cluster create 2 ${p.worker}\`。`,
  },
  'cmd.error.swappedArguments': {
    en: (p) => `The node count comes first, then the type: \`/gpu-cluster create ${p.count} ${p.worker}\`.`,
    zh: (p) => `请先写节点数，再写机型：\`/gpu-cluster create ${p.count} ${p.worker}\`。`,
  },
  'cmd.error.extraWords': {
    en: (p) =>
      p.hintKey
        ? `Unexpected \`${p.words}\` in \`/${p.command} ${p.sub}\`. Options are written key=value, e.g. \`${p.hintKey}=${p.hintValue}\`.`
        : `Unexpected \`${p.words}\`: \`/${p.command} ${p.sub}\` takes nothing more.`,
    zh: (p) =>
      p.hintKey
        ? `\`/${p.command} ${p.sub}\` 中多出了 \`${p.words}\`。选项须写成 key=value 的形式，例如 \`${p.hintKey}=${p.hintValue}\`。`
        : `多出了 \`${p.words}\`：\`/${p.command} ${p.sub}\` 不需要更多参数。`,
  },
  'cmd.error.optionNoValue': {
    en: (p) => `\`${p.key}=\` has no value. Write \`${p.key}=<value>\` with no spaces around \`=\`.`,
    zh: (p) => `\`${p.key}=\` 缺少取值。请写成 \`${p.key}=<值>\`，等号两侧不要有空格。`,
  },
  'cmd.error.optionNoKey': {
    en: (p) => `\`${p.word}\` has no option name before \`=\`. Write key=value with no spaces around \`=\`.`,
    zh: (p) => `\`${p.word}\` 的等号前缺少选项名。请写成 key=value，等号两侧不要有空格。`,
  },
  'cmd.error.optionManyEquals': {
    en: (p) => `\`${p.word}\` has more than one \`=\`. Write each option as one key=value word.`,
    zh: (p) => `\`${p.word}\` 中有多个 \`=\`。每个选项请单独写成一个 key=value。`,
  },
  'cmd.error.noOptions': {
    en: (p) => `\`/${p.command} ${p.sub}\` takes no options, but got \`${p.key}=\`.`,
    zh: (p) => `\`/${p.command} ${p.sub}\` 不接受任何选项，但收到了 \`${p.key}=\`。`,
  },
  'cmd.error.unknownOption': {
    en: (p) =>
      `\`/${p.command} ${p.sub}\` has no option \`${p.key}=\`.${p.suggestion ? ` Did you mean \`${p.suggestion}=\`?` : ''} Options: ${list('en', p.keys)}.`,
    zh: (p) =>
      `\`/${p.command} ${p.sub}\` 没有选项 \`${p.key}=\`。${p.suggestion ? `您是不是想写 \`${p.suggestion}=\`？` : ''}可用选项：${list('zh', p.keys)}。`,
  },
  'cmd.error.duplicateOption': {
    en: (p) => `\`${p.key}=\` is given more than once; give it once.`,
    zh: (p) => `选项 \`${p.key}=\` 出现了多次，请只写一次。`,
  },
  'cmd.error.countNotNumber': {
    en: (p) => `The node count \`${p.value}\` is not a whole number. Use digits only, from 1 to ${p.max}.`,
    zh: (p) => `节点数 \`${p.value}\` 不是整数。请只用数字，取值 1 到 ${p.max}。`,
  },
  'cmd.error.countTooSmall': {
    en: (p) => `A cluster needs at least 1 GPU node; use a count from 1 to ${p.max}.`,
    zh: (p) => `集群至少需要 1 个 GPU 节点，节点数请取 1 到 ${p.max}。`,
  },
  'cmd.error.countAboveLimit': {
    en: (p) =>
      `${p.count} nodes is more than this bot allows per cluster (${p.max}). The operator sets this limit (GPUBOT_MAX_NODES_PER_CLUSTER); the ACK guide caps Flannel clusters at 48 nodes because each node takes one VPC route entry. Ask for ${p.max} nodes or fewer.`,
    zh: (p) =>
      `每个集群最多 ${p.max} 个节点，您请求了 ${p.count} 个。该上限由运维人员配置（GPUBOT_MAX_NODES_PER_CLUSTER）；ACK 使用 Flannel 网络插件时每个节点占用一条 VPC 路由条目，官方指南因此限制最多 48 个节点。请将节点数改为 ${p.max} 或更少。`,
  },
  'cmd.error.countAboveBasicLimit': {
    en: (p) =>
      `${p.count} nodes is more than an ACK Basic cluster can have (${p.max}), and ACK does not raise that limit. Ask for ${p.max} nodes or fewer, or ask the operator to use ACK Pro (GPUBOT_CLUSTER_SPEC=ack.pro.small).`,
    zh: (p) =>
      `ACK 基础版集群最多 ${p.max} 个节点，您请求了 ${p.count} 个，且该上限无法提升。请将节点数改为 ${p.max} 或更少，或请运维人员改用 ACK Pro 版（GPUBOT_CLUSTER_SPEC=ack.pro.small）。`,
  },
  'cmd.error.unknownRegion': {
    en: (p) => `gpubot does not work in region ${p.value}. Regions: ${p.regions} (the operator sets them with GPUBOT_REGIONS).`,
    zh: (p) => `gpubot 不在地域 ${p.value} 工作。可用地域：${p.regions}（由运维人员通过 GPUBOT_REGIONS 配置）。`,
  },
  'cmd.error.unknownWorkerType': {
    en: (p) =>
      `\`${p.token}\` is not a GPU family or instance type I know.${p.suggestions ? ` Did you mean ${alternatives('en', p.suggestions)}?` : ''} Families: ${list('en', p.families)}.`,
    zh: (p) =>
      `无法识别的 GPU 机型族或实例规格 \`${p.token}\`。${p.suggestions ? `您是不是想写 ${alternatives('zh', p.suggestions)}？` : ''}可用机型族：${list('zh', p.families)}。`,
  },
  'cmd.error.workerTooSmall': {
    en: (p) =>
      `\`${p.type}\` has ${p.vcpu} vCPU and ${p.memory} GiB; ACK worker nodes need at least ${p.minVcpu} vCPU and ${p.minMemory} GiB. Use \`${p.alternative}\` (or just \`${p.family}\`) instead.`,
    zh: (p) =>
      `\`${p.type}\` 只有 ${p.vcpu} 个 vCPU、${p.memory} GiB 内存，而 ACK 工作节点至少需要 ${p.minVcpu} 个 vCPU 和 ${p.minMemory} GiB 内存。请改用 \`${p.alternative}\`（或直接写 \`${p.family}\`）。`,
  },
  'cmd.error.vgpuFamily': {
    en: (p) =>
      `\`${p.token}\` is a vGPU family: its GPU slices cannot be scheduled as whole \`nvidia.com/gpu\` devices for training. Choose a full-GPU family: ${list('en', p.families)}.`,
    zh: (p) =>
      `\`${p.token}\` 是 vGPU 机型族，其切分后的 GPU 无法作为完整的 \`nvidia.com/gpu\` 设备调度用于训练。请选择整卡机型族：${list('zh', p.families)}。`,
  },
  'cmd.error.invalidName': both(invalidName),
  'cmd.error.invalidRegion': {
    en: (p) => `\`${p.value}\` is not a region ID. Region IDs look like \`cn-hangzhou\` or \`ap-southeast-1\`.`,
    zh: (p) => `\`${p.value}\` 不是有效的地域 ID。地域 ID 形如 \`cn-hangzhou\` 或 \`ap-southeast-1\`。`,
  },
  'cmd.error.invalidZone': {
    en: (p) =>
      `\`${p.value}\` is not a zone ID. Zone IDs are a region ID plus a zone letter, like \`cn-hangzhou-h\` or \`ap-southeast-1a\`.`,
    zh: (p) =>
      `\`${p.value}\` 不是有效的可用区 ID。可用区 ID 由地域 ID 加可用区字母组成，形如 \`cn-hangzhou-h\` 或 \`ap-southeast-1a\`。`,
  },
  'cmd.error.zoneNotInRegion': {
    en: (p) => `Zone \`${p.zone}\` is not in region \`${p.region}\`; zones of that region start with \`${p.region}\`.`,
    zh: (p) => `可用区 \`${p.zone}\` 不属于地域 \`${p.region}\`；该地域的可用区都以 \`${p.region}\` 开头。`,
  },
  'cmd.error.invalidGpus': {
    en: (p) =>
      `\`gpus=${p.value}\` is not allowed: use a whole number from 1 to ${p.max} (a notebook runs on one node, and the largest GPU nodes have ${p.max} GPUs).`,
    zh: (p) =>
      `\`gpus=${p.value}\` 无效：请填写 1 到 ${p.max} 之间的整数（Notebook 运行在单个节点上，最大的 GPU 节点有 ${p.max} 块 GPU）。`,
  },
  'cmd.error.invalidImage': {
    en: (p) =>
      `Image \`${p.value}\` is not a valid image reference: ${(IMAGE_PROBLEMS[String(p.problem)] ?? IMAGE_PROBLEMS.format)?.en}. Example: \`tensorflow/tensorflow:1.4.1-gpu-py3\`.`,
    zh: (p) =>
      `镜像 \`${p.value}\` 不是有效的镜像地址：${(IMAGE_PROBLEMS[String(p.problem)] ?? IMAGE_PROBLEMS.format)?.zh}。示例：\`tensorflow/tensorflow:1.4.1-gpu-py3\`。`,
  },
  'cmd.error.imageRegistry': {
    en: (p) =>
      `Image \`${p.value}\` is refused: ${p.problem === 'address' ? `its registry ${p.registry} is an IP address, localhost or a link-local name, which notebooks never pull from` : `its registry ${p.registry} is not one notebooks may pull from`}. Allowed registries: ${p.allowed} (\`*\` is any region; the operator sets them with GPUBOT_NOTEBOOK_REGISTRIES).`,
    zh: (p) =>
      `镜像 \`${p.value}\` 被拒绝：${p.problem === 'address' ? `其镜像仓库 ${p.registry} 是 IP 地址、localhost 或链路本地名称，Notebook 从不从这类地址拉取镜像` : `其镜像仓库 ${p.registry} 不在 Notebook 允许拉取的范围内`}。允许的镜像仓库：${p.allowed}（\`*\` 表示任意地域；由运维通过 GPUBOT_NOTEBOOK_REGISTRIES 设置）。`,
  },
  'cmd.error.invalidDuration': {
    en: (p) =>
      `\`${p.value}\` is not a duration. Write a whole number with a unit: s (seconds), m (minutes), h (hours) or d (days), e.g. 30m, 8h, 3d or 1h30m.`,
    zh: (p) =>
      `\`${p.value}\` 不是有效的时长。请写整数加单位：s（秒）、m（分钟）、h（小时）或 d（天），例如 30m、8h、3d 或 1h30m。`,
  },
  'cmd.error.durationAboveMax': {
    en: (p) => `\`${p.value}\` is longer than a cluster may live: at most ${p.max}.`,
    zh: (p) => `\`${p.value}\` 超过了集群的最长使用期限：最多 ${p.max}。`,
  },
  'cmd.error.invalidCode': {
    en: (p) => `\`${p.value}\` is not a confirmation code: codes are 8 letters and digits, as gpubot gave them to you.`,
    zh: (p) => `\`${p.value}\` 不是有效的确认码：确认码由 8 个字母和数字组成，请使用 gpubot 给您的确认码。`,
  },
  'cmd.error.invalidAuditFilter': {
    en: (p) =>
      `\`${p.value}\` is not an audit filter: give one cluster or notebook name, or one user (\`slack:U0123ABCD\`, a user id or a display name).`,
    zh: (p) =>
      `\`${p.value}\` 不是有效的审计筛选条件：请给出一个集群或 Notebook 名称，或一个用户（\`slack:U0123ABCD\`、用户 ID 或显示名）。`,
  },
  'cmd.error.invalidLanguage': {
    en: (p) => `Unknown language \`${p.value}\`. Choose \`en\` (English) or \`zh\` / \`zh-CN\` (简体中文).`,
    zh: (p) => `不支持的语言 \`${p.value}\`。请选择 \`en\`（English）或 \`zh\` / \`zh-CN\`（简体中文）。`,
  },
};
