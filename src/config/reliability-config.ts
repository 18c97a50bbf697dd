import { z } from 'zod';
import type { Retention } from '../queue/retention.js';
import type { PersistencePolicy } from '../redis/check-persistence.js';
import type { EnvOf } from './env-fields.js';

/** What gpubot requires of its Redis, and how long finished work stays there. */
export const reliabilityEnv = {
  GPUBOT_REDIS_PERSISTENCE: z.enum(['verify', 'managed', 'unsafe']).default('verify'),
  // Decimals are accepted so tests can use a few seconds.
  GPUBOT_RETENTION_HOURS: z.coerce.number().positive().default(24),
  GPUBOT_FAILED_RETENTION_HOURS: z.coerce.number().positive().default(168),
};

export interface ReliabilityConfig {
  /**
   * `verify`: refuse to start on a Redis that would lose acknowledged work (no AOF, or an eviction
   * policy). `managed`: what the service does not let gpubot read (CONFIG disabled) is vouched for
   * by the operator. `unsafe`: start anyway, with a loud warning.
   */
  readonly redisPersistence: PersistencePolicy;
  readonly retention: Retention;
}

export function reliabilityConfig(e: EnvOf<typeof reliabilityEnv>): ReliabilityConfig {
  return {
    redisPersistence: e.GPUBOT_REDIS_PERSISTENCE,
    retention: {
      completedMs: Math.round(e.GPUBOT_RETENTION_HOURS * 3600_000),
      failedMs: Math.round(e.GPUBOT_FAILED_RETENTION_HOURS * 3600_000),
    },
  };
}
