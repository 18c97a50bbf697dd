import { z } from 'zod';
import { checkImageRef } from '../commands/validate-image.js';
import { isCidr, list, type EnvOf } from './env-fields.js';
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
};

export interface NotebookConfig extends NotebookSecurityConfig {
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
  ...DEFAULT_NOTEBOOK_SECURITY,
};

export function notebookConfig(e: EnvOf<typeof notebookEnv>): Omit<NotebookConfig, keyof NotebookSecurityConfig> {
  return {
    image: e.GPUBOT_NOTEBOOK_IMAGE,
    namespace: e.GPUBOT_NOTEBOOK_NAMESPACE,
    lbAddressType: e.GPUBOT_NOTEBOOK_LB_ADDRESS_TYPE,
    lbSpec: e.GPUBOT_NOTEBOOK_LB_SPEC,
    sourceRanges: e.GPUBOT_NOTEBOOK_SOURCE_RANGES,
    timeoutMs: Math.round(e.GPUBOT_NOTEBOOK_TIMEOUT_MINUTES * 60_000),
  };
}
