import { z } from 'zod';
import { ConfigError, optionalString, positiveInt, type EnvOf } from './env-fields.js';

/** ¥ amounts: decimals allowed, never negative. */
const yuan = (fallback: number) => z.coerce.number().min(0).default(fallback);

/**
 * What people may spend: per-user and per-workspace limits, the price thresholds above which a
 * create is confirmed by the requester or approved by someone else, and where approvals go.
 * The defaults protect a new install: a typo cannot start more than a few GPUs.
 */
export const spendEnv = {
  GPUBOT_USER_MAX_GPUS: positiveInt(8),
  GPUBOT_USER_MAX_CLUSTERS: positiveInt(2),
  GPUBOT_USER_MAX_NOTEBOOKS: positiveInt(4),
  GPUBOT_USER_MAX_GPU_HOURS_PER_DAY: positiveInt(64),
  GPUBOT_WORKSPACE_MAX_GPUS: positiveInt(32),
  GPUBOT_WORKSPACE_MAX_SPEND_PER_DAY: positiveInt(3000),
  GPUBOT_CONFIRM_ABOVE: yuan(50),
  GPUBOT_APPROVE_ABOVE: yuan(200),
  GPUBOT_APPROVAL_CHANNEL: optionalString,
  GPUBOT_APPROVAL_TIMEOUT_MINUTES: positiveInt(480),
  GPUBOT_METER_INTERVAL_SECONDS: positiveInt(60),
  /** Replaced by GPUBOT_CONFIRM_ABOVE; read only to say so. */
  GPUBOT_CONFIRM_CREATE_NODES: optionalString,
};

export interface SpendLimits {
  /** Per person: GPUs in live clusters, live clusters, notebooks, GPU-hours per (UTC) day. */
  readonly userGpus: number;
  readonly userClusters: number;
  readonly userNotebooks: number;
  readonly userGpuHoursPerDay: number;
  /** Per workspace (a Slack team, a DingTalk organisation): live GPUs, spend per (UTC) day in CNY. */
  readonly workspaceGpus: number;
  readonly workspaceSpendPerDay: number;
}

export interface SpendConfig {
  readonly limits: SpendLimits;
  /** CNY per hour: at or above it the requester confirms; at or above `approveAbove` an approver decides. */
  readonly confirmAbove: number;
  readonly approveAbove: number;
  /** A channel (Slack id, DingTalk openConversationId) that gets every approval request too. */
  readonly approvalChannel?: string;
  readonly approvalTimeoutMs: number;
  /** How often running clusters' GPU-hours and spend are added to the day's totals. */
  readonly meterIntervalMs: number;
}

export function spendConfig(e: EnvOf<typeof spendEnv>): SpendConfig {
  if (e.GPUBOT_CONFIRM_CREATE_NODES !== undefined) {
    throw new ConfigError(
      'GPUBOT_CONFIRM_CREATE_NODES is no longer read: creates are confirmed by price. ' +
        'Remove it and set GPUBOT_CONFIRM_ABOVE (CNY per hour, default 50) instead.',
    );
  }
  return {
    limits: {
      userGpus: e.GPUBOT_USER_MAX_GPUS,
      userClusters: e.GPUBOT_USER_MAX_CLUSTERS,
      userNotebooks: e.GPUBOT_USER_MAX_NOTEBOOKS,
      userGpuHoursPerDay: e.GPUBOT_USER_MAX_GPU_HOURS_PER_DAY,
      workspaceGpus: e.GPUBOT_WORKSPACE_MAX_GPUS,
      workspaceSpendPerDay: e.GPUBOT_WORKSPACE_MAX_SPEND_PER_DAY,
    },
    confirmAbove: e.GPUBOT_CONFIRM_ABOVE,
    approveAbove: e.GPUBOT_APPROVE_ABOVE,
    ...(e.GPUBOT_APPROVAL_CHANNEL ? { approvalChannel: e.GPUBOT_APPROVAL_CHANNEL } : {}),
    approvalTimeoutMs: e.GPUBOT_APPROVAL_TIMEOUT_MINUTES * 60_000,
    meterIntervalMs: e.GPUBOT_METER_INTERVAL_SECONDS * 1000,
  };
}
