import type { Queue } from 'bullmq';
import type { ChatReceiver, ChatSender, Platform } from '../chat/port.js';
import type { Config } from '../config/config.js';
import type { Emulator } from '../emulator/index.js';
import type { KubeConnector } from '../kube/port.js';
import type { Logger } from '../log.js';
import { createHealth } from '../health/health.js';
import { credentialsCheck, receiverCheck, redisCheck } from '../health/readiness-checks.js';
import { serveProbes } from '../health/serve-probes.js';
import { createMetrics } from '../metrics.js';
import { createSealer } from '../outbox/seal.js';
import { createCommandsQueue, createOutboxQueue, type QueueSettings } from '../queue/queues.js';
import { connectRedis, type RedisClient, type RedisEndpoint } from '../queue/redis-connection.js';
import { checkRedisPersistence } from '../redis/check-persistence.js';
import { readOwnerUsage } from '../reservations/read-owner-usage.js';
import { createReservations } from '../reservations/reservations.js';
import { startLocalRedis } from '../redis/start-local-redis.js';
import type { ChatIO } from './build-chat.js';
import { buildAuditLog } from './build-audit-log.js';
import { buildLifecycleParts } from './build-lifecycle.js';
import { expiryDueWithin } from '../lifecycle/expiry-due.js';
import { loadSecretKey } from './load-secret-key.js';
import { startBotRole } from './start-bot-role.js';
import { startWorkerRole } from './start-worker-role.js';
import { buildCloud } from './build-cloud.js';
import type { PriceLookup } from '../pricing/quote-request.js';

export interface RunningGpubot {
  readonly emulator?: Emulator;
  /** The chat adapter of the bot role (e.g. to read the port a Slack receiver bound). */
  readonly chat?: { readonly receiver: ChatReceiver; readonly sender: ChatSender };
  readonly settings: QueueSettings;
  /** The port `/metrics`, `/healthz` and `/readyz` are served on, when GPUBOT_METRICS_PORT is set. */
  readonly metricsPort?: number;
  /**
   * Resolves once no command or chat delivery is waiting or running and, with `expiriesWithinMs`,
   * no cluster expiry is under way or due within that many real milliseconds.
   */
  waitUntilIdle(pollMs?: number, options?: { readonly expiriesWithinMs?: number }): Promise<void>;
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
  const health = createHealth();
  const stopTakingWork: (() => void)[] = [];
  const stop = async () => {
    // Unready at once, so no new traffic is routed here; then every role stops taking work
    // before anything is closed, so in-flight jobs start handing themselves back right away.
    health.markStopping();
    for (const halt of stopTakingWork) halt();
    for (const close of closers.reverse())
      await close().catch((error: unknown) => log.warn({ err: String(error) }, 'error while stopping'));
    closers.length = 0;
    health.close();
  };
  try {
    const metrics = createMetrics();
    let metricsPort: number | undefined;
    if (config.metricsPort !== undefined) {
      // First, so liveness answers while the rest starts (a DingTalk stream may take a while).
      const server = await serveProbes(metrics, health, { port: config.metricsPort, host: config.metricsHost });
      closers.push(() => new Promise((done) => server.close(done)));
      const address = server.address();
      metricsPort = typeof address === 'object' && address ? address.port : config.metricsPort;
      log.info({ host: config.metricsHost, port: metricsPort }, 'serving /metrics, /healthz and /readyz');
    }
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
    // Acknowledged work lives only in Redis: refuse one that would lose it (GPUBOT_REDIS_PERSISTENCE).
    await checkRedisPersistence(redis, config.redisPersistence, log);
    health.addReadinessCheck(redisCheck(redis));
    const settings: QueueSettings = { connection: redis, prefix: config.queuePrefix };
    const sealer = createSealer(loadSecretKey(config), config.secretKeyPrevious ? [config.secretKeyPrevious] : []);
    const outboxes = new Map<Platform, Queue>();
    const outbox = (platform: Platform) => {
      let queue = outboxes.get(platform);
      if (!queue) {
        queue = createOutboxQueue(settings, platform);
        outboxes.set(platform, queue);
      }
      return queue;
    };
    // Closed after the roles (closers run in reverse): a job finishing its step still reports progress.
    closers.push(() => Promise.all([...outboxes.values()].map((queue) => queue.close())));
    const commands = createCommandsQueue(settings);
    closers.push(() => commands.close());
    metrics.watchQueues({ commands, outboxes: () => outboxes });
    const ledger = createReservations({ redis, prefix: settings.prefix, now: Date.now });
    metrics.watchOwners(() => readOwnerUsage(ledger));
    const audit = buildAuditLog({ config, log, redis, settings, sealer, outbox });
    const lifecycle = await buildLifecycleParts(config, redis, settings);
    closers.push(() => lifecycle.close());
    metrics.watchUnreadableNotebooks(
      async () => (await lifecycle.notebooks.all()).filter((record) => record.unreadableSince !== undefined).length,
    );
    const shared = { config, log, redis, settings, sealer, metrics, outbox, audit, lifecycle };
    const worker = config.role !== 'bot' ? await startWorkerRole({ ...shared, commands, ...options }) : undefined;
    if (worker) {
      closers.push(() => worker.close());
      stopTakingWork.push(() => worker.stopTakingWork());
      health.addReadinessCheck(credentialsCheck(() => worker.checkCredentials()));
    }
    let prices: PriceLookup | undefined = worker ? (region, type) => worker.cloud.instancePrice(region, type) : undefined;
    if (!worker && config.role !== 'worker') {
      // A bot without a worker in its process still prices requests (DescribePrice) before queueing them.
      const built = await buildCloud(config, log, metrics);
      if (built.emulator) closers.push(() => built.emulator?.close() ?? Promise.resolve());
      prices = (region, type) => built.cloud.instancePrice(region, type);
    }
    const bot = config.role !== 'worker' && prices ? await startBotRole({ ...shared, commands, prices, ...options }) : undefined;
    if (bot) {
      closers.push(() => bot.close());
      health.addReadinessCheck(receiverCheck(bot.chat.receiver));
    }
    health.markStarted();

    return {
      ...(worker?.emulator ? { emulator: worker.emulator } : {}),
      ...(bot ? { chat: bot.chat } : {}),
      ...(metricsPort !== undefined ? { metricsPort } : {}),
      settings,
      async waitUntilIdle(pollMs = 200, waitOptions = {}) {
        const queues = [commands, ...outboxes.values()];
        const within = waitOptions.expiriesWithinMs;
        const expiryPending = async () =>
          within !== undefined &&
          (await expiryDueWithin({ records: lifecycle.records, clock: lifecycle.clock, commands }, within));
        for (let calm = 0; calm < 2;) {
          calm = (await isIdle(queues)) && !(await expiryPending()) ? calm + 1 : 0;
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
