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

/**
 * Nothing in gpubot reads the queues' event streams (progress and metrics come from workers), so
 * they are kept short: their size must not grow with the number of commands.
 */
const EVENTS_KEPT = 100;

function createQueue(name: string, settings: QueueSettings): Queue {
  return new Queue(name, {
    connection: settings.connection,
    prefix: settings.prefix,
    streams: { events: { maxLen: EVENTS_KEPT } },
  });
}

export function createCommandsQueue(settings: QueueSettings): Queue {
  return createQueue(COMMANDS_QUEUE, settings);
}

export function createOutboxQueue(settings: QueueSettings, platform: Platform): Queue {
  return createQueue(outboxQueueName(platform), settings);
}
