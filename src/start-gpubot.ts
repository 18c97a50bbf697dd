import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ChatReceiver, ChatSender, Platform } from './chat/port.js';
import type { Config } from './config.js';
import type { Emulator } from './emulator/index.js';
import type { Logger } from './log.js';
import type { KubeConnector } from './kube/port.js';
import { clientNodeConnector } from './kube/client-node-cluster.js';
import { createCommandsQueue, createOutboxQueue, type QueueSettings } from './queue/queues.js';
import { connectRedis, queueConnection, type RedisTarget } from './queue/redis-connection.js';
import { startLocalRedis, type LocalRedis } from './redis/start-local-redis.js';
import { createSealer } from './outbox/seal.js';
import { createOutboxNotifier } from './outbox/notifier.js';
import { progressKey } from './outbox/outbox-job.js';
import { runOutboxWorker } from './outbox/run-outbox-worker.js';
import { runCommandWorker } from './jobs/run-command-worker.js';
import { createKnownRegions } from './jobs/known-regions.js';
import { createCoreHandlers } from './bot/handle-command.js';
import { createPreferences } from './bot/preferences.js';
import { createConfirmations } from './bot/confirmations.js';
import { buildCloud } from './build-cloud.js';
import { buildChat, type ChatIO } from './build-chat.js';
import { commandJobs } from './jobs/command-jobs.js';
import { loadSecretKey } from './load-secret-key.js';
import { createMetrics, serveMetrics } from './metrics.js';
import type { Progress } from './messages/model.js';

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

/** Coalescing window for progress edits: Slack's chat.update is Tier 3 (keep edits >= 3 s apart); others post milestones. */
const COALESCE_MS: Record<Platform, number> = { slack: 3000, dingtalk: 0, console: 0 };

async function isIdle(queues: Queue[]): Promise<boolean> {
  for (const queue of queues) {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    if (Object.values(counts).some((count) => count > 0)) return false;
  }
  return true;
}

/**
 * The composition root: builds every adapter from config and wires the roles this process runs.
 * Nothing else constructs adapters; everything else receives them as arguments.
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
    let localRedis: LocalRedis | undefined;
    let target: RedisTarget;
    if (config.redisUrl) target = { url: config.redisUrl };
    else {
      localRedis = await startLocalRedis(config.stateDir, log);
      closers.push(() => (localRedis as LocalRedis).stop());
      target = localRedis.connection;
    }
    const redis: Redis = connectRedis(target);
    closers.push(() => redis.quit());
    const settings: QueueSettings = { connection: queueConnection(target), prefix: config.queuePrefix };
    const sealer = createSealer(loadSecretKey(config));
    const outboxes = new Map<Platform, Queue>();
    const outbox = (platform: Platform) => {
      let queue = outboxes.get(platform);
      if (!queue) {
        queue = createOutboxQueue(settings, platform);
        outboxes.set(platform, queue);
        closers.push(() => (queue as Queue).close());
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
    const workers: Worker[] = [];
    let emulator: Emulator | undefined;
    let chat: { receiver: ChatReceiver; sender: ChatSender } | undefined;

    if (config.role !== 'bot') {
      const built = await buildCloud(config, log, metrics);
      emulator = built.emulator;
      if (emulator) closers.push(() => (emulator as Emulator).close());
      const notifier = createOutboxNotifier({ redis, prefix: settings.prefix, outbox, sealer, coalesceMs: COALESCE_MS });
      const worker = runCommandWorker({
        settings,
        concurrency: config.workerConcurrency,
        lockDurationMs: config.jobLockMs,
        jobs: commandJobs,
        deps: {
          cloud: built.cloud,
          kube: options.kube ?? clientNodeConnector,
          notifier,
          regions: createKnownRegions(redis, settings.prefix, config.cloud.regionId),
          lastProgress: async (requestId) => {
            const raw = await redis.hget(progressKey(settings.prefix, requestId), 'snapshot');
            return raw ? (JSON.parse(raw) as Progress) : undefined;
          },
          settings: {
            ...(config.cloud.vpcId ? { vpcId: config.cloud.vpcId } : {}),
            vswitchIds: config.cloud.vswitchIds,
            ...(config.cloud.kubernetesVersion ? { kubernetesVersion: config.cloud.kubernetesVersion } : {}),
            pollIntervalMs: config.cloud.pollIntervalMs,
            clusterTimeoutMs: config.cloud.clusterTimeoutMs,
            maxNodesPerCluster: config.limits.maxNodesPerCluster,
            admins: config.admins,
          },
          notebook: config.notebook,
          log,
          sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
          now: Date.now,
        },
      });
      metrics.observe(worker, 'commands');
      workers.push(worker);
      // Jobs can wait on the cloud for many minutes: do not wait for them. Their locks lapse and
      // another worker resumes them from their checkpoints.
      closers.push(() => worker.close(true));
    }

    if (config.role !== 'worker') {
      chat = buildChat(config, log, options.chatIO);
      const handlers = createCoreHandlers({
        redis,
        prefix: settings.prefix,
        commands,
        preferences: createPreferences(redis, settings.prefix),
        confirmations: createConfirmations(redis, settings.prefix),
        log,
        limits: config.limits,
        admins: config.admins,
        defaultRegion: config.cloud.regionId,
        supportsActions: chat.receiver.supportsActions,
      });
      const delivery = runOutboxWorker({ settings, redis, sender: chat.sender, sealer, log });
      metrics.observe(delivery, 'outbox');
      workers.push(delivery);
      closers.push(() => delivery.close());
      const started = chat;
      await started.receiver.start(handlers);
      closers.push(() => started.receiver.stop());
      outbox(started.sender.platform);
    }

    return {
      ...(emulator ? { emulator } : {}),
      ...(chat ? { chat } : {}),
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
