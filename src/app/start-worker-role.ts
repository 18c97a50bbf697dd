import type { Queue, Worker } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import type { Platform } from '../chat/port.js';
import type { Config } from '../config/config.js';
import type { Emulator } from '../emulator/index.js';
import { createJobAudit } from '../jobs/job-audit.js';
import { runCommandWorker } from '../jobs/run-command-worker.js';
import { clientNodeConnector } from '../kube/client-node-cluster.js';
import type { KubeConnector } from '../kube/port.js';
import type { Logger } from '../log.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Progress } from '../messages/model.js';
import type { Metrics } from '../metrics.js';
import { createOutboxNotifier } from '../outbox/notifier.js';
import { progressKey } from '../outbox/outbox-job.js';
import type { Sealer } from '../outbox/seal.js';
import type { QueueSettings } from '../queue/queues.js';
import { exposedToAnyone } from '../jobs/notebook/notebook-ready-messages.js';
import { buildCloud } from './build-cloud.js';
import { commandJobOptions } from '../bot/handle-command.js';
import { buildCommandJobs } from './build-command-jobs.js';
import { buildSpending, channelOf } from './build-spending.js';
import { createDecisionGate } from '../approvals/decision-gate.js';
import { createPreferences } from '../bot/preferences.js';
import type { CloudProvider } from '../cloud/port.js';
import { observeAll } from '../jobs/job-observers.js';
import { createSpendObserver } from '../spend/spend-observer.js';
import { runUsageMeter } from '../spend/run-usage-meter.js';
import { settleScale } from '../spend/settle-scale.js';
import { startLifecycleWorker, type LifecycleParts } from './build-lifecycle.js';
import { createDescribeLifetimes } from '../lifecycle/describe-lifetimes.js';
import { planLifetime } from '../lifecycle/plan-lifetime.js';
import { sweepFinishedJobs } from '../queue/sweep-finished-jobs.js';
import { createReservations } from '../reservations/reservations.js';
import { userNotebooks } from '../reservations/resources.js';

/** Coalescing window for progress edits: Slack's chat.update is Tier 3 (keep edits >= 3 s apart); others post milestones. */
const COALESCE_MS: Record<Platform, number> = { slack: 3000, dingtalk: 0, console: 0 };

export interface WorkerRoleDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly redis: RedisClient;
  readonly settings: QueueSettings;
  readonly sealer: Sealer;
  readonly metrics: Metrics;
  readonly outbox: (platform: Platform) => Queue;
  readonly audit: AuditLog;
  readonly kube?: KubeConnector;
  /** The command queue: an expiry deletes through the same job as a person's delete. */
  readonly commands: Queue;
  readonly lifecycle: LifecycleParts;
}

export interface WorkerRole {
  readonly worker: Worker;
  /** The cloud adapter this role built (the bot role of the same process prices requests with it). */
  readonly cloud: CloudProvider;
  readonly emulator?: Emulator;
  /** For readiness: resolves when cloud credentials can be had. */
  checkCredentials(): Promise<string>;
  /** Takes no new job; running jobs stop at their next wait, checkpointed, and go back to the queue. */
  stopTakingWork(): void;
  close(): Promise<void>;
}

/** The worker role: the cloud and Kubernetes adapters, and the command worker that runs jobs with them. */
export async function startWorkerRole(deps: WorkerRoleDeps): Promise<WorkerRole> {
  const { config, log, redis, settings } = deps;
  if (exposedToAnyone(config.notebook)) {
    log.warn(
      { lbAddressType: config.notebook.lbAddressType },
      'notebooks get internet load balancers open to every address: set GPUBOT_NOTEBOOK_SOURCE_RANGES (or GPUBOT_NOTEBOOK_LB_ADDRESS_TYPE=intranet)',
    );
  }
  const built = await buildCloud(config, log, deps.metrics);
  const notifier = createOutboxNotifier({
    redis,
    prefix: settings.prefix,
    outbox: deps.outbox,
    sealer: deps.sealer,
    coalesceMs: COALESCE_MS,
    retention: config.retention,
  });
  const spending = buildSpending(config, redis, settings.prefix);
  const preferences = createPreferences(redis, settings.prefix);
  const reservations = createReservations({ redis, prefix: settings.prefix, now: Date.now });
  const lifecycle = await startLifecycleWorker(deps.lifecycle, config, {
    cloud: built.cloud,
    notifier,
    audit: deps.audit,
    commands: deps.commands,
    kube: deps.kube ?? clientNodeConnector,
    settings,
    log,
    spend: { usage: (clusterId, now) => spending.meter.usage(clusterId, now) },
    notebookCount: async (owner) => (await reservations.usage(userNotebooks(owner))).used,
    redis,
  });
  const worker = runCommandWorker({
    settings,
    concurrency: config.workerConcurrency,
    lockDurationMs: config.jobLockMs,
    stallLimit: config.jobStallLimit,
    followUp: async ({ requestId, command, ...rest }) => {
      // The job id is the request's: however often a give-up is reported, one clean-up runs.
      await deps.commands.add(
        command.kind,
        { requestId, command, ...rest },
        { ...commandJobOptions(config.retention, config.jobRetryDelayMs), jobId: requestId },
      );
    },
    jobs: buildCommandJobs({
      config,
      cloud: built.cloud,
      kube: deps.kube ?? clientNodeConnector,
      redis,
      prefix: settings.prefix,
      log,
      now: Date.now,
      usage: { usage: (clusterId) => spending.meter.usage(clusterId, Date.now()) },
      lifetimes: createDescribeLifetimes({ records: deps.lifecycle.records, clock: deps.lifecycle.clock }),
      lifetime: planLifetime({ clock: deps.lifecycle.clock, clusterTtlMs: config.lifecycle.clusterTtlMs }),
      resize: (clusterId, nodes) => deps.lifecycle.records.resize(clusterId, nodes),
      settle: settleScale({ meter: spending.meter, ledger: spending.ledger }),
      summary: {
        records: deps.lifecycle.records,
        clock: deps.lifecycle.clock,
        maxClusterTtlMs: config.lifecycle.maxClusterTtlMs,
      },
    }),
    audit: observeAll(
      createJobAudit(deps.audit),
      createSpendObserver({ ledger: spending.ledger, meter: spending.meter, now: Date.now }),
      lifecycle.observer,
    ),
    gate: createDecisionGate({
      decisions: spending.decisions,
      notifier,
      audit: deps.audit,
      approvers: config.governance.roles.approvers,
      ...(config.spend.approvalChannel ? { approvalChannel: channelOf(config, config.spend.approvalChannel) } : {}),
      localeOf: (person) => preferences.locale(person),
      now: Date.now,
      recheckMs: Math.min(60_000, config.spend.approvalTimeoutMs),
    }),
    deps: {
      notifier,
      lastProgress: async (requestId) => {
        const raw = await redis.hget(progressKey(settings.prefix, requestId), 'snapshot');
        return raw ? (JSON.parse(raw) as Progress) : undefined;
      },
      log,
      now: Date.now,
      pollIntervalMs: config.cloud.pollIntervalMs,
    },
  });
  deps.metrics.observe(worker, 'commands');
  // The bot role sweeps the command and chat queues; the lifecycle queue is the workers'.
  const sweeper = sweepFinishedJobs(() => [deps.lifecycle.queue], config.retention, log);
  const metering = runUsageMeter({
    meter: spending.meter,
    ledger: spending.ledger,
    cloud: built.cloud,
    redis,
    prefix: settings.prefix,
    intervalMs: config.spend.meterIntervalMs,
    // ACK lists a cluster as soon as CreateCluster answers; two rounds of absence are not a lag.
    graceMs: 2 * config.spend.meterIntervalMs,
    log,
    now: Date.now,
  });
  let closing: Promise<void> | undefined;
  const stopTakingWork = () => {
    // Not forced: a running job finishes its look at the cloud, saves its checkpoint and waits in
    // the queue (run-command-worker.ts); waiting jobs hold no worker. The process's shutdown grace
    // bounds how long this may take; past it, the job's lock lapses and another worker resumes it
    // from the same checkpoint.
    sweeper.stop();
    closing ??= Promise.all([worker.close(), lifecycle.worker.close()]).then(() => undefined);
  };
  return {
    worker,
    cloud: built.cloud,
    ...(built.emulator ? { emulator: built.emulator } : {}),
    checkCredentials: () => built.checkCredentials(),
    stopTakingWork,
    async close() {
      stopTakingWork();
      await closing;
      await metering.stop();
      await built.emulator?.close();
    },
  };
}
