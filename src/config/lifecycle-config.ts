import { z } from 'zod';
import { parseDuration } from '../commands/parse-duration.js';
import { ConfigError, type EnvOf } from './env-fields.js';

const DURATION_HINT = 'must be a duration such as 30m, 12h or 3d (units s, m, h, d)';

const duration = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => parseDuration(value) !== undefined, DURATION_HINT)
    .transform((value) => parseDuration(value) as number);

/** A duration, or `off` (also `0`, `false`, `no`) to switch the feature off. */
const durationOrOff = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => isOff(value) || parseDuration(value) !== undefined, `${DURATION_HINT}, or off`)
    .transform((value) => (isOff(value) ? undefined : parseDuration(value)));

function isOff(value: string): boolean {
  return ['off', '0', 'false', 'no', 'none'].includes(value.toLowerCase());
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const machineTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** When resources stop billing on their own: cluster expiry, idle notebooks and clusters, daily summaries. */
export const lifecycleEnv = {
  GPUBOT_CLUSTER_TTL: duration('12h'),
  GPUBOT_CLUSTER_MAX_TTL: duration('7d'),
  GPUBOT_CLUSTER_WARN_BEFORE: duration('30m'),
  GPUBOT_CLUSTER_IDLE: durationOrOff('off'),
  GPUBOT_NOTEBOOK_IDLE: durationOrOff('2h'),
  GPUBOT_NOTEBOOK_IDLE_GRACE: duration('30m'),
  GPUBOT_IDLE_CHECK_INTERVAL: duration('10m'),
  GPUBOT_SUMMARY_AT: z
    .string()
    .trim()
    .default('09:00')
    .refine((value) => isOff(value) || /^([01]?\d|2[0-3]):[0-5]\d$/.test(value), 'must be a time of day HH:MM, or off')
    .transform((value) => {
      if (isOff(value)) return undefined;
      const [hour, minute] = value.split(':').map(Number) as [number, number];
      return { hour, minute };
    }),
  GPUBOT_SUMMARY_TIMEZONE: z
    .string()
    .trim()
    .optional()
    .refine((value) => value === undefined || isTimeZone(value), 'must be an IANA time zone such as Asia/Shanghai'),
};

export interface LifecycleConfig {
  /** A new cluster's time to live when `ttl=` is not given. */
  readonly clusterTtlMs: number;
  /** The most a cluster may live, counted from its creation, however often it is extended. */
  readonly maxClusterTtlMs: number;
  /** How long before expiry the owner is warned. */
  readonly warnBeforeMs: number;
  /** A cluster with no notebook and no GPU pod for this long is warned and deleted; undefined: never. */
  readonly clusterIdleMs?: number;
  /** A notebook whose Jupyter reports no activity for this long is warned, then stopped; undefined: never. */
  readonly notebookIdleMs?: number;
  /** How long after the idle warning the notebook is stopped if nothing happens. */
  readonly notebookIdleGraceMs: number;
  /** How often idleness is looked at. */
  readonly idleCheckIntervalMs: number;
  /** Local time of the daily spend summary; undefined: no summaries. */
  readonly summaryAt?: { readonly hour: number; readonly minute: number };
  /** Where the platform does not tell a person's time zone (DingTalk, console). */
  readonly summaryTimeZone: string;
  /**
   * Lifecycle time runs this many times faster than wall time: the emulator's scale in simulated
   * mode (a demo shows a whole TTL cycle in seconds), 1 against Alibaba Cloud.
   */
  readonly timeScale: number;
}

export function lifecycleConfig(e: EnvOf<typeof lifecycleEnv>, options: { timeScale: number }): LifecycleConfig {
  if (e.GPUBOT_CLUSTER_TTL > e.GPUBOT_CLUSTER_MAX_TTL) {
    throw new ConfigError('GPUBOT_CLUSTER_TTL must not be longer than GPUBOT_CLUSTER_MAX_TTL');
  }
  return {
    clusterTtlMs: e.GPUBOT_CLUSTER_TTL,
    maxClusterTtlMs: e.GPUBOT_CLUSTER_MAX_TTL,
    warnBeforeMs: e.GPUBOT_CLUSTER_WARN_BEFORE,
    ...(e.GPUBOT_CLUSTER_IDLE !== undefined ? { clusterIdleMs: e.GPUBOT_CLUSTER_IDLE } : {}),
    ...(e.GPUBOT_NOTEBOOK_IDLE !== undefined ? { notebookIdleMs: e.GPUBOT_NOTEBOOK_IDLE } : {}),
    notebookIdleGraceMs: e.GPUBOT_NOTEBOOK_IDLE_GRACE,
    idleCheckIntervalMs: e.GPUBOT_IDLE_CHECK_INTERVAL,
    ...(e.GPUBOT_SUMMARY_AT ? { summaryAt: e.GPUBOT_SUMMARY_AT } : {}),
    summaryTimeZone: e.GPUBOT_SUMMARY_TIMEZONE ?? machineTimeZone(),
    timeScale: options.timeScale,
  };
}
