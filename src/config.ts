import { z } from 'zod';
import { checkImageRef } from './commands/validate-image.js';

/**
 * All configuration, read once from the environment and validated. Every remote endpoint is
 * configurable so the same code runs against Alibaba Cloud, a private gateway or a local fake.
 */
const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** A pinned TensorFlow GPU image that starts Jupyter (the `-jupyter` variants). */
export const DEFAULT_NOTEBOOK_IMAGE = 'tensorflow/tensorflow:2.15.0-gpu-jupyter';

function isCidr(value: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (v4) return v4.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(v4[5]) <= 32;
  const v6 = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(value);
  return Boolean(v6?.[1]?.includes(':')) && Number(v6?.[2]) <= 128;
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalString = z.string().trim().min(1).optional().catch(undefined);
const endpoint = z.string().regex(/^https?:\/\/[^\s/]+(\/.*)?$/, 'must be an http:// or https:// URL');

const schema = z.object({
  GPUBOT_ROLE: z.enum(['bot', 'worker', 'all']).default('all'),
  GPUBOT_CHAT: z.enum(['console', 'slack', 'dingtalk']).optional(),
  GPUBOT_CLOUD: z.enum(['alibaba', 'simulated']).optional(),
  GPUBOT_STATE_DIR: z.string().default('.gpubot'),
  GPUBOT_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/)
    .default('gpubot'),
  GPUBOT_WORKER_CONCURRENCY: positiveInt(50),
  GPUBOT_JOB_LOCK_MS: positiveInt(30_000),
  GPUBOT_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  GPUBOT_MAX_NODES_PER_CLUSTER: positiveInt(40),
  GPUBOT_CONFIRM_CREATE_NODES: positiveInt(4),
  GPUBOT_ADMINS: list,
  GPUBOT_POLL_INTERVAL_MS: z.coerce.number().int().positive().optional(),
  GPUBOT_CLUSTER_TIMEOUT_MINUTES: positiveInt(90),
  /** Overrides the minutes above with milliseconds (tests, rehearsals on a compressed clock). */
  GPUBOT_CLUSTER_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  GPUBOT_EMULATOR_TIME_SCALE: z.coerce.number().positive().default(60),
  GPUBOT_NOTEBOOK_IMAGE: z
    .string()
    .trim()
    .refine((ref) => !checkImageRef(ref), 'must be a Docker image reference')
    .default(DEFAULT_NOTEBOOK_IMAGE),
  GPUBOT_NOTEBOOK_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name')
    .default('gpubot-notebooks'),
  GPUBOT_NOTEBOOK_LB_ADDRESS_TYPE: z.enum(['internet', 'intranet']).default('internet'),
  GPUBOT_NOTEBOOK_LB_SPEC: z
    .string()
    .regex(/^slb\.[a-z0-9.]+$/, 'must be a CLB spec such as slb.s1.small')
    .default('slb.s1.small'),
  GPUBOT_NOTEBOOK_SOURCE_RANGES: list.refine(
    (ranges) => ranges.every(isCidr),
    'must be comma-separated CIDRs, e.g. 203.0.113.0/24',
  ),
  // Decimals are accepted so tests (and impatient demos) can use a few seconds.
  GPUBOT_NOTEBOOK_TIMEOUT_MINUTES: z.coerce.number().positive().default(20),
  GPUBOT_SECRET_KEY: optionalString,
  GPUBOT_VPC_ID: optionalString,
  GPUBOT_VSWITCH_IDS: list,
  GPUBOT_KUBERNETES_VERSION: optionalString,
  GPUBOT_CS_ENDPOINT: endpoint.optional(),
  GPUBOT_ECS_ENDPOINT: endpoint.optional(),
  ALIBABA_CLOUD_ACCESS_KEY_ID: optionalString,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: optionalString,
  ALIBABA_CLOUD_SECURITY_TOKEN: optionalString,
  ALIBABA_CLOUD_REGION_ID: z
    .string()
    .regex(/^[a-z]{2}(-[a-z0-9]+)+$/)
    .default('cn-hangzhou'),
  REDIS_URL: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: endpoint.default('https://slack.com/api/'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  DINGTALK_ROBOT_CODE: optionalString,
  DINGTALK_API_URL: endpoint.default('https://api.dingtalk.com'),
  DINGTALK_CARD_TEMPLATE_ID: optionalString,
});

export type Role = 'bot' | 'worker' | 'all';
export type ChatKind = 'console' | 'slack' | 'dingtalk';

export interface Config {
  readonly role: Role;
  readonly chat: ChatKind;
  readonly stateDir: string;
  readonly queuePrefix: string;
  readonly workerConcurrency: number;
  /** A job whose worker stops heart-beating for this long is taken over by another worker. */
  readonly jobLockMs: number;
  /** Where to serve Prometheus `/metrics` and `/healthz`; unset: not served. */
  readonly metricsPort?: number;
  readonly logLevel: string;
  readonly redisUrl?: string;
  /** Key that seals private messages (e.g. passwords) while they wait in the outbox. */
  readonly secretKey?: string;
  readonly limits: { readonly maxNodesPerCluster: number; readonly confirmCreateAboveNodes: number };
  readonly admins: readonly string[];
  readonly cloud: {
    readonly mode: 'alibaba' | 'simulated';
    readonly regionId: string;
    readonly accessKeyId?: string;
    readonly accessKeySecret?: string;
    readonly securityToken?: string;
    readonly csEndpoint: string;
    readonly ecsEndpoint: string;
    readonly vpcId?: string;
    readonly vswitchIds: readonly string[];
    readonly kubernetesVersion?: string;
    readonly pollIntervalMs: number;
    readonly clusterTimeoutMs: number;
    readonly emulatorTimeScale: number;
  };
  /** How `/notebook start` runs Jupyter and exposes it. */
  readonly notebook: NotebookConfig;
  readonly slack?: {
    readonly botToken: string;
    readonly signingSecret: string;
    readonly appToken?: string;
    readonly apiUrl: string;
    readonly port: number;
  };
  readonly dingtalk?: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly robotCode: string;
    readonly apiUrl: string;
    readonly cardTemplateId?: string;
  };
}

export interface NotebookConfig {
  /** Used when `/notebook start` names no `image=`. */
  readonly image: string;
  /** Where notebooks live in every cluster (created when absent). */
  readonly namespace: string;
  /** Alibaba CCM: an internet-facing or a VPC-only CLB. */
  readonly lbAddressType: 'internet' | 'intranet';
  readonly lbSpec: string;
  /** `loadBalancerSourceRanges`: who may reach the notebook. Empty = anyone who can route to the address. */
  readonly sourceRanges: readonly string[];
  /** A start that is not serving (pod ready, LB address) within this gives up and cleans up. */
  readonly timeoutMs: number;
}

export const DEFAULT_NOTEBOOK_CONFIG: NotebookConfig = {
  image: DEFAULT_NOTEBOOK_IMAGE,
  namespace: 'gpubot-notebooks',
  lbAddressType: 'internet',
  lbSpec: 'slb.s1.small',
  sourceRanges: [],
  timeoutMs: 20 * 60_000,
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function chooseChat(env: z.infer<typeof schema>): ChatKind {
  if (env.GPUBOT_CHAT) return env.GPUBOT_CHAT;
  if (env.SLACK_BOT_TOKEN) return 'slack';
  if (env.DINGTALK_CLIENT_ID) return 'dingtalk';
  return 'console';
}

function require(value: string | undefined, name: string, why: string): string {
  if (!value) throw new ConfigError(`${name} is required ${why}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  const chat = chooseChat(e);
  const hasKeys = Boolean(e.ALIBABA_CLOUD_ACCESS_KEY_ID && e.ALIBABA_CLOUD_ACCESS_KEY_SECRET);
  const mode = e.GPUBOT_CLOUD ?? (hasKeys ? 'alibaba' : 'simulated');
  if (mode === 'alibaba' && !hasKeys) {
    throw new ConfigError(
      'GPUBOT_CLOUD=alibaba needs ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (or unset GPUBOT_CLOUD to use the built-in emulator)',
    );
  }
  const region = e.ALIBABA_CLOUD_REGION_ID;
  const config: Config = {
    role: e.GPUBOT_ROLE,
    chat,
    stateDir: e.GPUBOT_STATE_DIR,
    queuePrefix: e.GPUBOT_QUEUE_PREFIX,
    workerConcurrency: e.GPUBOT_WORKER_CONCURRENCY,
    jobLockMs: e.GPUBOT_JOB_LOCK_MS,
    ...(e.GPUBOT_METRICS_PORT !== undefined ? { metricsPort: e.GPUBOT_METRICS_PORT } : {}),
    // The console demo shares the terminal with the logs: keep them to warnings unless asked.
    logLevel: e.LOG_LEVEL ?? (chat === 'console' ? 'warn' : 'info'),
    ...(e.REDIS_URL ? { redisUrl: e.REDIS_URL } : {}),
    ...(e.GPUBOT_SECRET_KEY ? { secretKey: e.GPUBOT_SECRET_KEY } : {}),
    limits: {
      maxNodesPerCluster: e.GPUBOT_MAX_NODES_PER_CLUSTER,
      confirmCreateAboveNodes: e.GPUBOT_CONFIRM_CREATE_NODES,
    },
    admins: e.GPUBOT_ADMINS,
    cloud: {
      mode,
      regionId: region,
      ...(e.ALIBABA_CLOUD_ACCESS_KEY_ID ? { accessKeyId: e.ALIBABA_CLOUD_ACCESS_KEY_ID } : {}),
      ...(e.ALIBABA_CLOUD_ACCESS_KEY_SECRET ? { accessKeySecret: e.ALIBABA_CLOUD_ACCESS_KEY_SECRET } : {}),
      ...(e.ALIBABA_CLOUD_SECURITY_TOKEN ? { securityToken: e.ALIBABA_CLOUD_SECURITY_TOKEN } : {}),
      csEndpoint: e.GPUBOT_CS_ENDPOINT ?? `https://cs.${region}.aliyuncs.com`,
      ecsEndpoint: e.GPUBOT_ECS_ENDPOINT ?? `https://ecs.${region}.aliyuncs.com`,
      ...(e.GPUBOT_VPC_ID ? { vpcId: e.GPUBOT_VPC_ID } : {}),
      vswitchIds: e.GPUBOT_VSWITCH_IDS,
      ...(e.GPUBOT_KUBERNETES_VERSION ? { kubernetesVersion: e.GPUBOT_KUBERNETES_VERSION } : {}),
      pollIntervalMs:
        e.GPUBOT_POLL_INTERVAL_MS ??
        (mode === 'simulated' ? Math.max(50, Math.round(10_000 / e.GPUBOT_EMULATOR_TIME_SCALE)) : 10_000),
      clusterTimeoutMs: e.GPUBOT_CLUSTER_TIMEOUT_MS ?? e.GPUBOT_CLUSTER_TIMEOUT_MINUTES * 60_000,
      emulatorTimeScale: e.GPUBOT_EMULATOR_TIME_SCALE,
    },
    notebook: {
      image: e.GPUBOT_NOTEBOOK_IMAGE,
      namespace: e.GPUBOT_NOTEBOOK_NAMESPACE,
      lbAddressType: e.GPUBOT_NOTEBOOK_LB_ADDRESS_TYPE,
      lbSpec: e.GPUBOT_NOTEBOOK_LB_SPEC,
      sourceRanges: e.GPUBOT_NOTEBOOK_SOURCE_RANGES,
      timeoutMs: Math.round(e.GPUBOT_NOTEBOOK_TIMEOUT_MINUTES * 60_000),
    },
  };
  if (config.cloud.vpcId && config.cloud.vswitchIds.length === 0) {
    throw new ConfigError('GPUBOT_VPC_ID is set, so GPUBOT_VSWITCH_IDS must list at least one vSwitch of that VPC');
  }
  if (chat === 'slack') {
    Object.assign(config, {
      slack: {
        botToken: require(e.SLACK_BOT_TOKEN, 'SLACK_BOT_TOKEN', 'for GPUBOT_CHAT=slack'),
        signingSecret: require(e.SLACK_SIGNING_SECRET, 'SLACK_SIGNING_SECRET', 'for GPUBOT_CHAT=slack'),
        ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
        apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
        port: e.PORT,
      },
    });
  }
  if (chat === 'dingtalk') {
    const clientId = require(e.DINGTALK_CLIENT_ID, 'DINGTALK_CLIENT_ID', 'for GPUBOT_CHAT=dingtalk');
    Object.assign(config, {
      dingtalk: {
        clientId,
        clientSecret: require(e.DINGTALK_CLIENT_SECRET, 'DINGTALK_CLIENT_SECRET', 'for GPUBOT_CHAT=dingtalk'),
        robotCode: e.DINGTALK_ROBOT_CODE ?? clientId,
        apiUrl: e.DINGTALK_API_URL.replace(/\/+$/, ''),
        ...(e.DINGTALK_CARD_TEMPLATE_ID ? { cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID } : {}),
      },
    });
  }
  return Object.freeze(config);
}

const SECRET_KEYS = /secret|token|password|key$/i;

/** The configuration as JSON with every secret replaced, safe to log or print. */
export function redactConfig(config: Config): string {
  return JSON.stringify(config, (key, value: unknown) =>
    SECRET_KEYS.test(key) && typeof value === 'string' && key !== 'accessKeyId' ? '[redacted]' : value,
  );
}
