import type { Queue, Worker } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import { createConfirmations } from '../bot/confirmations.js';
import { createCoreHandlers } from '../bot/handle-command.js';
import { createPreferences } from '../bot/preferences.js';
import type { AuditLog } from '../audit/audit-log.js';
import { createScopeCheck } from '../governance/check-scope.js';
import { createRateLimiter } from '../governance/rate-limit.js';
import type { ChatReceiver, ChatSender, Platform } from '../chat/port.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { createCallGuard } from '../outbox/call-guard.js';
import { runOutboxWorker } from '../outbox/run-outbox-worker.js';
import type { Sealer } from '../outbox/seal.js';
import type { QueueSettings } from '../queue/queues.js';
import { sweepFinishedJobs } from '../queue/sweep-finished-jobs.js';
import { exposedToAnyone } from '../jobs/notebook/notebook-ready-messages.js';
import { buildChat, type ChatIO } from './build-chat.js';
import { lifecycleHooks, type LifecycleParts } from './build-lifecycle.js';
import { createQuoter, type PriceLookup } from '../pricing/quote-request.js';
import { buildSpending } from './build-spending.js';
import { isBasic } from '../cloud/port.js';

export interface BotRoleDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly redis: RedisClient;
  readonly settings: QueueSettings;
  readonly sealer: Sealer;
  readonly metrics: Metrics;
  readonly commands: Queue;
  readonly outbox: (platform: Platform) => Queue;
  readonly audit: AuditLog;
  /** Instance prices from the cloud (DescribePrice), for quotes at request time. */
  readonly prices: PriceLookup;
  readonly chatIO?: ChatIO;
  readonly lifecycle: LifecycleParts;
}

export interface BotRole {
  readonly chat: { readonly receiver: ChatReceiver; readonly sender: ChatSender };
  readonly delivery: Worker;
  close(): Promise<void>;
}

/** The bot role: the chat adapter's receiver (commands in) and the outbox worker (messages out). */
export async function startBotRole(deps: BotRoleDeps): Promise<BotRole> {
  const { config, log, redis, settings } = deps;
  // Rate limits and outages are shared through Redis by every bot process that sends to the platform.
  const guard = createCallGuard({ redis, prefix: settings.prefix });
  const chat = await buildChat(config, log, deps.chatIO, guard);
  const { governance, spend, pricing } = config;
  const preferences = createPreferences(redis, settings.prefix);
  const spending = buildSpending(config, redis, settings.prefix);
  const handlers = createCoreHandlers({
    redis,
    prefix: settings.prefix,
    commands: deps.commands,
    preferences,
    confirmations: createConfirmations(redis, settings.prefix),
    log,
    limits: { ...config.limits, maxClusterTtlMs: config.lifecycle.maxClusterTtlMs },
    lifecycle: lifecycleHooks(deps.lifecycle, config, deps.audit),
    spending: {
      ledger: spending.ledger,
      decisions: spending.decisions,
      quote: createQuoter({
        lookup: deps.prices,
        // ACK Basic has no cluster management fee; Pro does.
        table: isBasic(config.limits.clusterSpec) ? { ...pricing.table, clusterFee: 0 } : pricing.table,
        redis,
        prefix: settings.prefix,
        cacheMs: pricing.cacheMs,
        timeoutMs: pricing.lookupMs,
        log,
      }),
      confirmAbove: spend.confirmAbove,
      approveAbove: spend.approveAbove,
      approvers: governance.roles.approvers,
      approvalMs: spend.approvalTimeoutMs,
    },
    roles: governance.roles,
    defaultRegion: config.cloud.regionId,
    supportsActions: chat.receiver.supportsActions,
    supportsFiles: chat.receiver.supportsFiles ?? false,
    audit: deps.audit,
    rateLimiter: createRateLimiter(redis, settings.prefix, governance.commandsPerMinute),
    commandsPerMinute: governance.commandsPerMinute,
    checkScope: createScopeCheck({
      policy: governance.scope,
      roles: governance.roles,
      ...(chat.receiver.directory ? { directory: chat.receiver.directory } : {}),
      redis,
      prefix: settings.prefix,
      cacheSeconds: governance.directoryCacheSeconds,
      log,
      remember: async (person, facts) => {
        if (facts.timeZone) await preferences.setTimeZone(person, facts.timeZone);
      },
    }),
    notebookRegistries: config.notebook.registries,
    notebooksOpenToAnyone: exposedToAnyone(config.notebook),
    retention: config.retention,
    retryDelayMs: config.jobRetryDelayMs,
  });
  const delivery = runOutboxWorker({
    settings,
    redis,
    sender: chat.sender,
    sealer: deps.sealer,
    log,
    retention: config.retention,
    lockMs: config.jobLockMs,
  });
  deps.metrics.observe(delivery, 'outbox');
  deps.metrics.observeDeliveries(delivery, chat.sender.platform);
  const outbox = deps.outbox(chat.sender.platform);
  const sweeper = sweepFinishedJobs(() => [deps.commands, outbox], config.retention, log);
  try {
    await chat.receiver.start(handlers);
  } catch (error) {
    sweeper.stop();
    await delivery.close();
    throw error;
  }
  return {
    chat,
    delivery,
    async close() {
      sweeper.stop();
      // Commands stop arriving first; deliveries under way finish (each is short and bounded by
      // the platform client's timeout) and the rest wait in the outbox for another bot process.
      await chat.receiver.stop();
      await delivery.close();
    },
  };
}
