import { z } from 'zod';
import { optionalString, positiveInt, type EnvOf } from './env-fields.js';

/** The process itself: which roles it runs, how many jobs at once, logs and metrics (Redis: redis-config.ts). */
export const runtimeEnv = {
  GPUBOT_ROLE: z.enum(['bot', 'worker', 'all']).default('all'),
  GPUBOT_STATE_DIR: z.string().default('.gpubot'),
  GPUBOT_WORKER_CONCURRENCY: positiveInt(50),
  GPUBOT_JOB_LOCK_MS: positiveInt(8_000),
  GPUBOT_JOB_STALL_LIMIT: positiveInt(20),
  GPUBOT_JOB_RETRY_DELAY_MS: positiveInt(5_000),
  GPUBOT_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Loopback by default: metrics and health answer anyone who can reach them. Containers set 0.0.0.0. */
  GPUBOT_METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** Below Kubernetes' default terminationGracePeriodSeconds (30), so a stop ends before SIGKILL. */
  GPUBOT_SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().default(25),
  GPUBOT_SECRET_KEY: optionalString,
  /** The key before a rotation: still opens messages sealed with it (docs/operations.md). */
  GPUBOT_SECRET_KEY_PREVIOUS: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
};

export type Role = 'bot' | 'worker' | 'all';

export interface RuntimeConfig {
  readonly role: Role;
  readonly stateDir: string;
  readonly workerConcurrency: number;
  /** A job whose worker stops heart-beating for this long is taken over by another worker. */
  readonly jobLockMs: number;
  /**
   * A job whose worker died (or stopped heart-beating) more often than this is failed and reported,
   * so a job that kills every worker it lands on cannot take the fleet down one by one.
   */
  readonly jobStallLimit: number;
  /** The first wait before a job that failed transiently runs again (it doubles, four retries). */
  readonly jobRetryDelayMs: number;
  /** Where to serve Prometheus `/metrics`, `/healthz` and `/readyz`; unset: not served. */
  readonly metricsPort?: number;
  readonly metricsHost: string;
  /** How long a stop (SIGTERM) may take before in-flight work is left to other processes. */
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
  /** Key that seals private messages (e.g. passwords) while they wait in the outbox. */
  readonly secretKey?: string;
  /** A rotated-out sealing key, used only to open what was sealed with it. */
  readonly secretKeyPrevious?: string;
}

export function runtimeConfig(e: EnvOf<typeof runtimeEnv>, options: { quietLogs: boolean }): RuntimeConfig {
  return {
    role: e.GPUBOT_ROLE,
    stateDir: e.GPUBOT_STATE_DIR,
    workerConcurrency: e.GPUBOT_WORKER_CONCURRENCY,
    jobLockMs: e.GPUBOT_JOB_LOCK_MS,
    jobStallLimit: e.GPUBOT_JOB_STALL_LIMIT,
    jobRetryDelayMs: e.GPUBOT_JOB_RETRY_DELAY_MS,
    ...(e.GPUBOT_METRICS_PORT !== undefined ? { metricsPort: e.GPUBOT_METRICS_PORT } : {}),
    metricsHost: e.GPUBOT_METRICS_HOST,
    shutdownGraceMs: Math.round(e.GPUBOT_SHUTDOWN_GRACE_SECONDS * 1000),
    // The console demo shares the terminal with the logs: keep them to warnings unless asked.
    logLevel: e.LOG_LEVEL ?? (options.quietLogs ? 'warn' : 'info'),
    ...(e.GPUBOT_SECRET_KEY ? { secretKey: e.GPUBOT_SECRET_KEY } : {}),
    ...(e.GPUBOT_SECRET_KEY_PREVIOUS ? { secretKeyPrevious: e.GPUBOT_SECRET_KEY_PREVIOUS } : {}),
  };
}
