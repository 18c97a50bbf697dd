import { z } from 'zod';
import { checkImageRef } from '../commands/validate-image.js';
import { ConfigError, isCidr, list, optionalString, type EnvOf } from './env-fields.js';
import { DEFAULT_NOTEBOOK_SECURITY, type NotebookSecurityConfig } from './notebook-security-config.js';

/** A pinned TensorFlow GPU image that starts Jupyter (the `-jupyter` variants). */
export const DEFAULT_NOTEBOOK_IMAGE = 'tensorflow/tensorflow:2.15.0-gpu-jupyter';

/** How `/notebook start` runs Jupyter and exposes it. */
export const notebookEnv = {
  GPUBOT_NOTEBOOK_IMAGE: z
    .string()
    .trim()
    .refine((ref) => !checkImageRef(ref), 'must be a Docker image reference')
    .default(DEFAULT_NOTEBOOK_IMAGE),
  GPUBOT_NOTEBOOK_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name')
    .default('gpubot-notebooks'),
  /** NLB (ACK's default since 2025) or CLB billed by LCU; pay-by-specification CLB is no longer sold. */
  GPUBOT_NOTEBOOK_LB: z.enum(['nlb', 'clb']).default('nlb'),
  GPUBOT_NOTEBOOK_LB_ADDRESS_TYPE: z.enum(['internet', 'intranet']).default('internet'),
  /** Removed: read only to refuse it with an explanation. */
  GPUBOT_NOTEBOOK_LB_SPEC: optionalString,
  GPUBOT_NOTEBOOK_SOURCE_RANGES: list.refine(
    (ranges) => ranges.every(isCidr),
    'must be comma-separated CIDRs, e.g. 203.0.113.0/24',
  ),
  // Decimals are accepted so tests (and impatient demos) can use a few seconds.
  GPUBOT_NOTEBOOK_TIMEOUT_MINUTES: z.coerce.number().positive().default(20),
};

export interface NotebookConfig extends NotebookSecurityConfig {
  /** Used when `/notebook start` names no `image=`. */
  readonly image: string;
  /** Where notebooks live in every cluster (created when absent). */
  readonly namespace: string;
  /** Alibaba CCM: an NLB (`loadBalancerClass: alibabacloud.com/nlb`) or a pay-by-LCU CLB. */
  readonly loadBalancer: 'nlb' | 'clb';
  /** An internet-facing or a VPC-only load balancer. */
  readonly lbAddressType: 'internet' | 'intranet';
  /** `loadBalancerSourceRanges`: who may reach the notebook. Empty = anyone who can route to the address. */
  readonly sourceRanges: readonly string[];
  /** A start that is not serving (pod ready, LB address) within this gives up and cleans up. */
  readonly timeoutMs: number;
}

export const DEFAULT_NOTEBOOK_CONFIG: NotebookConfig = {
  image: DEFAULT_NOTEBOOK_IMAGE,
  namespace: 'gpubot-notebooks',
  loadBalancer: 'nlb',
  lbAddressType: 'internet',
  sourceRanges: [],
  timeoutMs: 20 * 60_000,
  ...DEFAULT_NOTEBOOK_SECURITY,
};

export function notebookConfig(e: EnvOf<typeof notebookEnv>): Omit<NotebookConfig, keyof NotebookSecurityConfig> {
  if (e.GPUBOT_NOTEBOOK_LB_SPEC !== undefined) {
    throw new ConfigError(
      `GPUBOT_NOTEBOOK_LB_SPEC=${e.GPUBOT_NOTEBOOK_LB_SPEC} is no longer supported: pay-by-specification CLB is not sold since 2025-06-01. ` +
        'Remove it; notebooks use an NLB (GPUBOT_NOTEBOOK_LB=nlb, the default) or a pay-by-LCU CLB (GPUBOT_NOTEBOOK_LB=clb), which need no spec.',
    );
  }
  return {
    image: e.GPUBOT_NOTEBOOK_IMAGE,
    namespace: e.GPUBOT_NOTEBOOK_NAMESPACE,
    loadBalancer: e.GPUBOT_NOTEBOOK_LB,
    lbAddressType: e.GPUBOT_NOTEBOOK_LB_ADDRESS_TYPE,
    sourceRanges: e.GPUBOT_NOTEBOOK_SOURCE_RANGES,
    timeoutMs: Math.round(e.GPUBOT_NOTEBOOK_TIMEOUT_MINUTES * 60_000),
  };
}
