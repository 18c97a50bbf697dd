import type { RedisClient } from '../queue/redis-connection.js';

/**
 * Lifecycle time: when clusters were created and expire, how long notebooks were idle, when a day's
 * summary is due. Against Alibaba Cloud it is wall time. Against the emulator it runs `scale` times
 * faster (GPUBOT_EMULATOR_TIME_SCALE), from an anchor every process shares through Redis, so a
 * demo shows a whole TTL cycle in seconds and every process agrees on what time it is.
 */
export interface LifecycleClock {
  readonly scale: number;
  /** Lifecycle milliseconds since the epoch. */
  now(): number;
  /** Real milliseconds from now until lifecycle time `at` (0 when it has passed). */
  realDelayUntil(at: number): number;
  /** Real milliseconds a lifecycle duration takes. */
  realMs(lifecycleMs: number): number;
}

export function scaledClock(scale: number, anchor: number, realNow: () => number = Date.now): LifecycleClock {
  if (!(scale > 0)) throw new Error(`the lifecycle time scale must be positive, got ${scale}`);
  const now = () => (scale === 1 ? realNow() : anchor + (realNow() - anchor) * scale);
  return {
    scale,
    now,
    realDelayUntil: (at) => Math.max(0, Math.ceil((at - now()) / scale)),
    realMs: (lifecycleMs) => Math.max(0, Math.ceil(lifecycleMs / scale)),
  };
}

/** The clock of this deployment; with a scale other than 1 the first process to start sets the anchor. */
export async function createLifecycleClock(
  redis: RedisClient,
  prefix: string,
  scale: number,
  realNow: () => number = Date.now,
): Promise<LifecycleClock> {
  if (scale === 1) return scaledClock(1, 0, realNow);
  const key = `${prefix}:lifecycle:clock-anchor`;
  await redis.set(key, String(realNow()), 'NX');
  const anchor = Number(await redis.get(key));
  return scaledClock(scale, Number.isFinite(anchor) ? anchor : realNow(), realNow);
}
