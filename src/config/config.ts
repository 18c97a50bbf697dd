import { z } from 'zod';
import { chatConfig, chatEnv, type ChatConfig } from './chat-config.js';
import { cloudConfig, cloudEnv, limitsConfig, type CloudConfig, type LimitsConfig } from './cloud-config.js';
import { credentialsConfig, credentialsEnv } from './credentials-config.js';
import { describeConfig } from './describe-config.js';
import { ConfigError } from './env-fields.js';
import { governanceConfig, governanceEnv, type GovernanceConfig } from './governance-config.js';
import { lifecycleConfig, lifecycleEnv, lifecycleTimeScale, type LifecycleConfig } from './lifecycle-config.js';
import { networkConfig, networkEnv, type NetworkConfig } from './network-config.js';
import { notebookConfig, notebookEnv, type NotebookConfig } from './notebook-config.js';
import { readFileSettings } from './read-file-settings.js';
import { checkNotebookImage, notebookSecurityConfig, notebookSecurityEnv } from './notebook-security-config.js';
import { redisConfig, redisEnv, type RedisConfig } from './redis-config.js';
import { reliabilityConfig, reliabilityEnv, type ReliabilityConfig } from './reliability-config.js';
import { runtimeConfig, runtimeEnv, type RuntimeConfig } from './runtime-config.js';
import { spendConfig, spendEnv, type SpendConfig } from './spend-config.js';
import { pricingConfig, pricingEnv, type PricingConfig } from './pricing-config.js';

export { ConfigError } from './env-fields.js';
export type { ChatKind, DingTalkConfig, SlackConfig } from './chat-config.js';
export type { CloudConfig, LimitsConfig } from './cloud-config.js';
export type { NetworkPlugin } from './network-config.js';
export type { CloudCredentialsConfig, CredentialsSource } from './credentials-config.js';
export { DEFAULT_NOTEBOOK_CONFIG, DEFAULT_NOTEBOOK_IMAGE, type NotebookConfig } from './notebook-config.js';
export type { HostPort, RedisTarget } from './redis-config.js';
export type { Role } from './runtime-config.js';
export type { AuditConfig, GovernanceConfig } from './governance-config.js';
export type { LifecycleConfig } from './lifecycle-config.js';
export type { SpendConfig, SpendLimits } from './spend-config.js';
export type { PriceTable, PricingConfig } from './pricing-config.js';

/**
 * All configuration, read once from the environment and validated. Each area (runtime, cloud,
 * notebook, chat) declares its variables and builds its part in its own module; every remote
 * endpoint is configurable so the same code runs against Alibaba Cloud, a gateway or a fake.
 */
const schema = z.object({
  ...runtimeEnv,
  ...redisEnv,
  ...cloudEnv,
  ...credentialsEnv,
  ...notebookEnv,
  ...notebookSecurityEnv,
  ...networkEnv,
  ...chatEnv,
  ...governanceEnv,
  ...reliabilityEnv,
  ...lifecycleEnv,
  ...spendEnv,
  ...pricingEnv,
});

export interface Config extends RuntimeConfig, RedisConfig, ChatConfig, ReliabilityConfig, NetworkConfig {
  readonly limits: LimitsConfig;
  readonly cloud: CloudConfig;
  readonly notebook: NotebookConfig;
  readonly governance: GovernanceConfig;
  readonly lifecycle: LifecycleConfig;
  readonly spend: SpendConfig;
  readonly pricing: PricingConfig;
}

/** Every setting also accepts `<NAME>_FILE` (read-file-settings.ts). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(readFileSettings(env, Object.keys(schema.shape)));
  if (!parsed.success) throw new ConfigError(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  const chat = chatConfig(e);
  const notebook = { ...notebookConfig(e), ...notebookSecurityConfig(e) };
  checkNotebookImage(notebook.image, notebook.registries);
  const cloud = cloudConfig(e, credentialsConfig(e, { cloudRequested: e.GPUBOT_CLOUD === 'alibaba' }));
  return Object.freeze({
    ...runtimeConfig(e, { quietLogs: chat.chat === 'console' }),
    ...redisConfig(e),
    ...chat,
    ...reliabilityConfig(e),
    ...networkConfig(e),
    limits: limitsConfig(e),
    cloud,
    notebook,
    governance: governanceConfig(e),
    // The emulator's compressed clock applies to lifecycle time too, so a demo shows a whole TTL cycle.
    lifecycle: lifecycleConfig(e, { timeScale: lifecycleTimeScale(e, cloud) }),
    spend: spendConfig(e),
    pricing: pricingConfig(e),
  });
}

export { describeConfig } from './describe-config.js';

/** The configuration as JSON with every secret replaced, safe to log or print. */
export function redactConfig(config: Config): string {
  return JSON.stringify(describeConfig(config), null, 2);
}
