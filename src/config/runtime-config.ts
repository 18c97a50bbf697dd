import { z } from 'zod';
import { optionalString, positiveInt, type EnvOf } from './env-fields.js';

/** The process itself: which roles it runs, how many jobs at once, logs and metrics (Redis: redis-config.ts). */
export const runtimeEnv = {
  GPUBOT_ROLE: z.enum(['bot', 'worker', 'all']).default('all'),
  GPUBOT_STATE_DIR: z.string().default('.gpubot'),
  GPUBOT_WORKER_CONCURRENCY: positiveInt(50),
  GPUBOT_JOB_LOCK_MS: positiveInt(30_000),
  GPUBOT_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  GPUBOT_SECRET_KEY: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
};

export type Role = 'bot' | 'worker' | 'all';

export interface RuntimeConfig {
  readonly role: Role;
  readonly stateDir: string;
  readonly workerConcurrency: number;
  /** A job whose worker stops heart-beating for this long is taken over by another worker. */
  readonly jobLockMs: number;
  /** Where to serve Prometheus `/metrics` and `/healthz`; unset: not served. */
  readonly metricsPort?: number;
  readonly logLevel: string;
  /** Key that seals private messages (e.g. passwords) while they wait in the outbox. */
  readonly secretKey?: string;
}

export function runtimeConfig(e: EnvOf<typeof runtimeEnv>, options: { quietLogs: boolean }): RuntimeConfig {
  return {
    role: e.GPUBOT_ROLE,
    stateDir: e.GPUBOT_STATE_DIR,
    workerConcurrency: e.GPUBOT_WORKER_CONCURRENCY,
    jobLockMs: e.GPUBOT_JOB_LOCK_MS,
    ...(e.GPUBOT_METRICS_PORT !== undefined ? { metricsPort: e.GPUBOT_METRICS_PORT } : {}),
    // The console demo shares the terminal with the logs: keep them to warnings unless asked.
    logLevel: e.LOG_LEVEL ?? (options.quietLogs ? 'warn' : 'info'),
    ...(e.GPUBOT_SECRET_KEY ? { secretKey: e.GPUBOT_SECRET_KEY } : {}),
  };
}
