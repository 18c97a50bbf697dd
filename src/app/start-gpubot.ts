import type { Queue } from 'bullmq';
import type { ChatReceiver, ChatSender, Platform } from '../chat/port.js';
import type { Config } from '../config/config.js';
import type { Emulator } from '../emulator/index.js';
import type { KubeConnector } from '../kube/port.js';
import type { Logger } from '../log.js';
import { createMetrics, serveMetrics } from '../metrics.js';
import { createSealer } from '../outbox/seal.js';
import { createCommandsQueue, createOutboxQueue, type QueueSettings } from '../queue/queues.js';
import { connectRedis, type RedisClient, type RedisEndpoint } from '../queue/redis-connection.js';
import { startLocalRedis } from '../redis/start-local-redis.js';
import type { ChatIO } from './build-chat.js';
import { loadSecretKey } from './load-secret-key.js';
import { startBotRole } from './start-bot-role.js';
import { startWorkerRole } from './start-worker-role.js';

export interface RunningGpubot {
  readonly emulator?: Emulator;
  /** The chat adapter of the bot role (e.g. to read the port a Slack receiver bound). */
  readonly chat?: { readonly receiver: ChatReceiver; readonly sender: ChatSender };
  readonly settings: QueueSettings;
  /** The port `/metrics` is served on, when GPUBOT_METRICS_PORT is set. */
  readonly metricsPort?: number;
  /** Resolves once no command or chat delivery is waiting or running. */
  waitUntilIdle(pollMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly log: Logger;
  readonly chatIO?: ChatIO;
  readonly kube?: KubeConnector;
}

async function isIdle(queues: Queue[]): Promise<boolean> {
  for (const queue of queues) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(counts).some((count) => count > 0)) return false;
  }
  return true;
}

/**
 * The composition root: the shared infrastructure (Redis, queues, metrics, the sealing key), then
 * the roles this process runs (start-worker-role.ts, start-bot-role.ts). Nothing else constructs
 * adapters; everything else receives them as arguments.
 */
export async function startGpubot(config: Config, options: StartOptions): Promise<RunningGpubot> {
  const { log } = options;
  const closers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const close of closers.reverse())
      await close().catch((error: unknown) => log.warn({ err: String(error) }, 'error while stopping'));
    closers.length = 0;
  };
  try {
    let endpoint: RedisEndpoint;
    if (config.redis) endpoint = config.redis;
    else {
      const localRedis = await startLocalRedis(config.stateDir, log);
      closers.push(() => localRedis.stop());
      endpoint = { mode: 'socket', path: localRedis.connection.path };
    }
    // One client for gpubot's keys and BullMQ's queues; BullMQ workers duplicate it. Closed last.
    const redis: RedisClient = connectRedis(endpoint);
    redis.on('error', (error: unknown) => log.warn({ err: String(error), mode: endpoint.mode }, 'Redis connection error'));
    closers.push(() => redis.quit());
    const settings: QueueSettings = { connection: redis, prefix: config.queuePrefix };
    const sealer = createSealer(loadSecretKey(config));
    const outboxes = new Map<Platform, Queue>();
    const outbox = (platform: Platform) => {
      let queue = outboxes.get(platform);
      if (!queue) {
        const created = createOutboxQueue(settings, platform);
        outboxes.set(platform, created);
        closers.push(() => created.close());
        queue = created;
      }
      return queue;
    };
    const commands = createCommandsQueue(settings);
    closers.push(() => commands.close());
    const metrics = createMetrics();
    let metricsPort: number | undefined;
    if (config.metricsPort !== undefined) {
      const server = await serveMetrics(metrics, config.metricsPort);
      closers.push(() => new Promise((done) => server.close(done)));
      const address = server.address();
      metricsPort = typeof address === 'object' && address ? address.port : config.metricsPort;
    }
    const shared = { config, log, redis, settings, sealer, metrics, outbox };
    const worker = config.role !== 'bot' ? await startWorkerRole({ ...shared, ...options }) : undefined;
    if (worker) closers.push(() => worker.close());
    const bot = config.role !== 'worker' ? await startBotRole({ ...shared, commands, ...options }) : undefined;
    if (bot) closers.push(() => bot.close());

    return {
      ...(worker?.emulator ? { emulator: worker.emulator } : {}),
      ...(bot ? { chat: bot.chat } : {}),
      ...(metricsPort !== undefined ? { metricsPort } : {}),
      settings,
      async waitUntilIdle(pollMs = 200) {
        const queues = [commands, ...outboxes.values()];
        for (let calm = 0; calm < 2;) {
          calm = (await isIdle(queues)) ? calm + 1 : 0;
          await new Promise((done) => setTimeout(done, pollMs));
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
