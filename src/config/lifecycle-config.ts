import { z } from 'zod';
import { parseDuration } from '../commands/parse-duration.js';
import type { CloudConfig } from './cloud-config.js';
import { ConfigError, type EnvOf } from './env-fields.js';

const DURATION_HINT = 'must be a duration such as 30m, 12h or 3d (units s, m, h, d)';

const duration = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => parseDuration(value) !== undefined, DURATION_HINT)
    .transform((value) => parseDuration(value) as number);

/** A duration, or `off` (what an unset optional one means). */
const durationOrOff = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => value === 'off' || parseDuration(value) !== undefined, `${DURATION_HINT}, or off`)
    .transform((value) => (value === 'off' ? undefined : (parseDuration(value) as number)));

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const TIME_OF_DAY = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` (24 h) or `off`. */
const timeOfDay = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => value === 'off' || TIME_OF_DAY.test(value), 'must be a time of day such as 09:00 (24 h), or off')
    .transform((value): TimeOfDay | undefined => {
      const match = TIME_OF_DAY.exec(value);
      return match ? { hour: Number(match[1]), minute: Number(match[2]) } : undefined;
    });

export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

const machineTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** When resources stop billing on their own: cluster time to live and its warning, idle notebooks and clusters; the daily summary. */
export const lifecycleEnv = {
  GPUBOT_CLUSTER_TTL: duration('12h'),
  GPUBOT_CLUSTER_MAX_TTL: duration('7d'),
  GPUBOT_CLUSTER_WARN_BEFORE: duration('30m'),
  GPUBOT_NOTEBOOK_IDLE: durationOrOff('2h'),
  GPUBOT_NOTEBOOK_IDLE_GRACE: duration('30m'),
  GPUBOT_CLUSTER_IDLE: durationOrOff('off'),
  GPUBOT_CLUSTER_IDLE_GRACE: duration('30m'),
  GPUBOT_SUMMARY_AT: timeOfDay('09:00'),
  /**
   * Rehearsals only: lifecycle time runs this many times faster against an emulator reached over
   * HTTP (worker processes pointed at a test's emulator), as it does in simulated mode.
   */
  GPUBOT_LIFECYCLE_TIME_SCALE: z.coerce.number().positive().optional(),
  GPUBOT_DEFAULT_TIMEZONE: z
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
  /** How long a notebook's Jupyter may show no activity before its owner is warned; undefined: never. */
  readonly notebookIdleMs?: number;
  /** After an idle warning, how long before the notebook is stopped when nothing happens. */
  readonly notebookIdleGraceMs: number;
  /**
   * How long a cluster may run with no gpubot notebook and no pod requesting `nvidia.com/gpu`
   * before its owner is warned (then, after the same grace, it is deleted); undefined: never.
   */
  readonly clusterIdleMs?: number;
  /** After an idle cluster's warning, how long before it is deleted when nothing happens. */
  readonly clusterIdleGraceMs: number;
  /** When each owner gets the daily summary, on their own clock; `undefined`: no summaries. */
  readonly summaryAt?: TimeOfDay;
  /** Where the platform does not tell a person's time zone (DingTalk, console): how times are shown to them. */
  readonly defaultTimeZone: string;
  /**
   * Lifecycle time runs this many times faster than wall time: the emulator's scale in simulated
   * mode (a demo shows a whole TTL cycle in seconds), 1 against Alibaba Cloud
   * (GPUBOT_LIFECYCLE_TIME_SCALE sets it, for an emulator only).
   */
  readonly timeScale: number;
}

/** Hosts of Alibaba Cloud's own OpenAPI endpoints: lifecycle time there is wall time, whatever is set. */
const ALIBABA_HOST = /(^|\.)aliyuncs\.com$/;

/**
 * The lifecycle clock's speed: GPUBOT_LIFECYCLE_TIME_SCALE, else the emulator's scale in simulated
 * mode and 1 against a cloud. A compressed clock against Alibaba Cloud itself would delete real
 * clusters early, so it is refused there.
 */
export function lifecycleTimeScale(
  e: EnvOf<typeof lifecycleEnv>,
  cloud: Pick<CloudConfig, 'mode' | 'emulatorTimeScale' | 'endpoints'>,
): number {
  const asked = e.GPUBOT_LIFECYCLE_TIME_SCALE;
  if (cloud.mode === 'simulated') return asked ?? cloud.emulatorTimeScale;
  if (asked === undefined || asked === 1) return 1;
  const { cs, ecs, vpc } = cloud.endpoints;
  const real = [cs, ecs, vpc].filter((url) => ALIBABA_HOST.test(hostOf(url)));
  if (real.length > 0) {
    throw new ConfigError(
      `GPUBOT_LIFECYCLE_TIME_SCALE=${asked} compresses time to live and idle times: it is for an emulator only, not Alibaba Cloud (${real.join(', ')})`,
    );
  }
  return asked;
}

const hostOf = (template: string): string => {
  try {
    return new URL(template.replaceAll('{region}', 'region')).hostname;
  } catch {
    return '';
  }
};

export function lifecycleConfig(e: EnvOf<typeof lifecycleEnv>, options: { timeScale: number }): LifecycleConfig {
  if (e.GPUBOT_CLUSTER_TTL > e.GPUBOT_CLUSTER_MAX_TTL) {
    throw new ConfigError('GPUBOT_CLUSTER_TTL must not be longer than GPUBOT_CLUSTER_MAX_TTL');
  }
  return {
    clusterTtlMs: e.GPUBOT_CLUSTER_TTL,
    maxClusterTtlMs: e.GPUBOT_CLUSTER_MAX_TTL,
    warnBeforeMs: e.GPUBOT_CLUSTER_WARN_BEFORE,
    ...(e.GPUBOT_NOTEBOOK_IDLE !== undefined ? { notebookIdleMs: e.GPUBOT_NOTEBOOK_IDLE } : {}),
    notebookIdleGraceMs: e.GPUBOT_NOTEBOOK_IDLE_GRACE,
    ...(e.GPUBOT_CLUSTER_IDLE !== undefined ? { clusterIdleMs: e.GPUBOT_CLUSTER_IDLE } : {}),
    clusterIdleGraceMs: e.GPUBOT_CLUSTER_IDLE_GRACE,
    ...(e.GPUBOT_SUMMARY_AT ? { summaryAt: e.GPUBOT_SUMMARY_AT } : {}),
    defaultTimeZone: e.GPUBOT_DEFAULT_TIMEZONE ?? machineTimeZone(),
    timeScale: options.timeScale,
  };
}
