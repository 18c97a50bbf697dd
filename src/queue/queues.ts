import { Queue } from 'bullmq';
import type { Platform } from '../chat/port.js';
import type { RedisClient } from './redis-connection.js';

export const COMMANDS_QUEUE = 'commands';
export const outboxQueueName = (platform: Platform): string => `outbox-${platform}`;

export interface QueueSettings {
  /** The shared client: queues use it, workers duplicate it for their blocking reads. */
  readonly connection: RedisClient;
  /** BullMQ key prefix (with a hash tag, `{gpubot}`); also the prefix of gpubot's own keys. */
  readonly prefix: string;
}

/** Completed jobs are kept a week so a rerun of the same request id is a no-op, not a duplicate. */
export const KEEP_COMPLETED = { age: 7 * 24 * 3600, count: 50_000 } as const;
export const KEEP_FAILED = { age: 30 * 24 * 3600 } as const;

export function createCommandsQueue(settings: QueueSettings): Queue {
  return new Queue(COMMANDS_QUEUE, { connection: settings.connection, prefix: settings.prefix });
}

export function createOutboxQueue(settings: QueueSettings, platform: Platform): Queue {
  return new Queue(outboxQueueName(platform), { connection: settings.connection, prefix: settings.prefix });
}
