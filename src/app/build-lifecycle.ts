import { Queue, type Worker } from 'bullmq';
import type { AuditLog } from '../audit/audit-log.js';
import { createPreferences } from '../bot/preferences.js';
import type { CloudProvider } from '../cloud/port.js';
import type { Config } from '../config/config.js';
import { createLifecycleHooks } from '../lifecycle/answer-lifecycle.js';
import { createIdleAnswers } from '../lifecycle/answer-notebook-idle.js';
import { advanceNotebookIdle } from '../lifecycle/advance-notebook-idle.js';
import { adoptNotebooks } from '../lifecycle/adopt-notebooks.js';
import { createNotebookRecords, type NotebookRecords } from '../lifecycle/notebook-records.js';
import { createClusterIdleSchedule, createNotebookSchedule, type NotebookSchedule } from '../lifecycle/notebook-schedule.js';
import { createClusterIdleStates, type ClusterIdleStates } from '../lifecycle/cluster-idle-records.js';
import type { ClusterIdleDeps } from '../lifecycle/cluster-idle-deps.js';
import { advanceClusterIdle } from '../lifecycle/advance-cluster-idle.js';
import { createClusterIdleAnswers } from '../lifecycle/answer-cluster-idle.js';
import { trackIdleClusters } from '../lifecycle/track-idle-clusters.js';
import type { WatchSchedule } from '../lifecycle/watch-schedule.js';
import { trackNotebooks } from '../lifecycle/track-notebooks.js';
import { createClusterConnections } from '../jobs/cluster-connections.js';
import { observeAll } from '../jobs/job-observers.js';
import type { KubeConnector } from '../kube/port.js';
import { createClusterRecords, type ClusterRecords } from '../lifecycle/cluster-records.js';
import type { ClusterLifecycleDeps } from '../lifecycle/cluster-lifecycle-deps.js';
import type { NotebookIdleDeps } from '../lifecycle/notebook-idle-deps.js';
import { advanceExpiry } from '../lifecycle/advance-expiry.js';
import type { LifecycleHooks } from '../lifecycle/lifecycle-hooks.js';
import {
  createClusterSchedule,
  lifecycleJobOptions,
  LIFECYCLE_QUEUE,
  type ClusterSchedule,
} from '../lifecycle/lifecycle-jobs.js';
import { createLifecycleClock, type LifecycleClock } from '../lifecycle/lifecycle-clock.js';
import { createPeople, type People } from '../lifecycle/people.js';
import { reconcileClusters } from '../lifecycle/reconcile-clusters.js';
import { runLifecycleWorker } from '../lifecycle/run-lifecycle-worker.js';
import type { SpendReader } from '../lifecycle/spend-reader.js';
import { syncClusterTags } from '../lifecycle/sync-cluster-tags.js';
import { createDailySummaries } from '../lifecycle/daily-summaries.js';
import { createSummaryOwners } from '../lifecycle/summary-owners.js';
import { trackClusters } from '../lifecycle/track-clusters.js';
import type { JobAudit } from '../jobs/job-audit.js';
import type { Logger } from '../log.js';
import type { Notifier } from '../outbox/notifier.js';
import type { QueueSettings } from '../queue/queues.js';
import type { RedisClient } from '../queue/redis-connection.js';

/** How long (real ms) the activity reader may run in a notebook's container. */
const ACTIVITY_TIMEOUT_MS = 60_000;

/** Reconciling with ACK is housekeeping, not user-visible time: every 10 real minutes, whatever the clock's scale. */
const RECONCILE_EVERY_MS = 10 * 60_000;

/** The lifecycle's shared parts, built once per process and used by both roles. */
export interface LifecycleParts {
  readonly clock: LifecycleClock;
  readonly records: ClusterRecords;
  readonly schedule: ClusterSchedule;
  /** Running notebooks watched for idleness, and their jobs. */
  readonly notebooks: NotebookRecords;
  readonly notebookSchedule: NotebookSchedule;
  /** Clusters seen idle (GPUBOT_CLUSTER_IDLE), and their jobs. */
  readonly clusterIdle: ClusterIdleStates;
  readonly clusterIdleSchedule: WatchSchedule;
  readonly queue: Queue;
  readonly people: People;
  close(): Promise<void>;
}

export async function buildLifecycleParts(config: Config, redis: RedisClient, settings: QueueSettings): Promise<LifecycleParts> {
  const { lifecycle } = config;
  const clock = await createLifecycleClock(redis, settings.prefix, lifecycle.timeScale);
  const queue = new Queue(LIFECYCLE_QUEUE, {
    connection: settings.connection,
    prefix: settings.prefix,
    // Nothing reads the event stream; a short one keeps Redis small.
    streams: { events: { maxLen: 10 } },
  });
  return {
    clock,
    queue,
    records: createClusterRecords(redis, settings.prefix),
    schedule: createClusterSchedule(queue, clock, lifecycle.warnBeforeMs, config.retention),
    notebooks: createNotebookRecords(redis, settings.prefix),
    notebookSchedule: createNotebookSchedule(queue, clock, config.retention),
    clusterIdle: createClusterIdleStates(redis, settings.prefix),
    clusterIdleSchedule: createClusterIdleSchedule(queue, clock, config.retention),
    people: createPeople(createPreferences(redis, settings.prefix), lifecycle.defaultTimeZone),
    close: () => queue.close(),
  };
}

/** The bot's side: `/gpu-cluster extend` and the warnings' buttons. */
export function lifecycleHooks(parts: LifecycleParts, config: Config, audit: AuditLog): LifecycleHooks {
  const idleMs = config.lifecycle.notebookIdleMs;
  const clusterIdleMs = config.lifecycle.clusterIdleMs;
  return createLifecycleHooks({
    ...(clusterIdleMs !== undefined
      ? {
          clusterIdle: createClusterIdleAnswers({
            records: parts.records,
            idle: parts.clusterIdle,
            clock: parts.clock,
            roles: config.governance.roles,
            audit,
            idleMs: clusterIdleMs,
          }),
        }
      : {}),
    ...(idleMs !== undefined
      ? {
          idle: createIdleAnswers({
            notebooks: parts.notebooks,
            schedule: parts.notebookSchedule,
            clock: parts.clock,
            roles: config.governance.roles,
            audit,
            idleMs,
          }),
        }
      : {}),
    records: parts.records,
    schedule: parts.schedule,
    clock: parts.clock,
    roles: config.governance.roles,
    audit,
    people: parts.people,
    maxClusterTtlMs: config.lifecycle.maxClusterTtlMs,
    warnBeforeMs: config.lifecycle.warnBeforeMs,
  });
}

export interface LifecycleWorkerDeps {
  readonly cloud: CloudProvider;
  readonly notifier: Notifier;
  readonly audit: AuditLog;
  readonly commands: Queue;
  /** Reaches into clusters: a notebook's Jupyter is asked how long it has been idle. */
  readonly kube: KubeConnector;
  readonly settings: QueueSettings;
  readonly log: Logger;
  readonly spend?: SpendReader;
  /** How many notebooks an owner holds now (the reservations ledger): whether they still get summaries. */
  readonly notebookCount: (owner: string) => Promise<number>;
  readonly redis: RedisClient;
}

/** The worker's side: the lifecycle queue's worker, the reconcile schedule, and the job observer that tracks clusters. */
export async function startLifecycleWorker(
  parts: LifecycleParts,
  config: Config,
  deps: LifecycleWorkerDeps,
): Promise<{ readonly worker: Worker; readonly observer: JobAudit }> {
  const log = deps.log.child({ area: 'lifecycle' });
  const summaries = createDailySummaries({
    owners: createSummaryOwners(deps.redis, deps.settings.prefix),
    records: parts.records,
    clock: parts.clock,
    people: parts.people,
    queue: parts.queue,
    commands: deps.commands,
    notebookCount: deps.notebookCount,
    retention: config.retention,
    ...(config.lifecycle.summaryAt ? { at: config.lifecycle.summaryAt } : {}),
    log,
  });
  const clusterDeps: ClusterLifecycleDeps = {
    records: parts.records,
    schedule: parts.schedule,
    clock: parts.clock,
    cloud: deps.cloud,
    notifier: deps.notifier,
    audit: deps.audit,
    people: parts.people,
    commands: deps.commands,
    retention: config.retention,
    summaries,
    ...(deps.spend ? { spend: deps.spend } : {}),
    log,
    settings: {
      clusterTtlMs: config.lifecycle.clusterTtlMs,
      maxClusterTtlMs: config.lifecycle.maxClusterTtlMs,
      warnBeforeMs: config.lifecycle.warnBeforeMs,
      regions: config.cloud.regions,
      pollIntervalMs: config.cloud.pollIntervalMs,
    },
  };
  const idleMs = config.lifecycle.notebookIdleMs;
  const connections = createClusterConnections({ cloud: deps.cloud, kube: deps.kube, now: Date.now });
  const clusterIdleMs = config.lifecycle.clusterIdleMs;
  const clusterIdleDeps: ClusterIdleDeps | undefined =
    clusterIdleMs === undefined
      ? undefined
      : {
          records: parts.records,
          idle: parts.clusterIdle,
          clock: parts.clock,
          cloud: deps.cloud,
          connections,
          notifier: deps.notifier,
          audit: deps.audit,
          people: parts.people,
          commands: deps.commands,
          retention: config.retention,
          log,
          settings: {
            idleMs: clusterIdleMs,
            graceMs: config.lifecycle.clusterIdleGraceMs,
            namespace: config.notebook.namespace,
          },
        };
  const idleDeps: NotebookIdleDeps | undefined =
    idleMs === undefined
      ? undefined
      : {
          notebooks: parts.notebooks,
          schedule: parts.notebookSchedule,
          clock: parts.clock,
          connections,
          cloud: deps.cloud,
          notifier: deps.notifier,
          audit: deps.audit,
          people: parts.people,
          commands: deps.commands,
          retention: config.retention,
          log,
          settings: { idleMs, graceMs: config.lifecycle.notebookIdleGraceMs, execTimeoutMs: ACTIVITY_TIMEOUT_MS },
        };
  const worker = runLifecycleWorker({
    settings: deps.settings,
    clock: parts.clock,
    concurrency: 10,
    lockDurationMs: config.jobLockMs,
    log,
    handlers: {
      'cluster-expiry': (job) => advanceExpiry(job.clusterId, clusterDeps),
      'cluster-tags': (job) => syncClusterTags(job.clusterId, clusterDeps),
      reconcile: async () => {
        await reconcileClusters(clusterDeps);
        await summaries.ensureAll();
        const records = await parts.records.all();
        if (idleDeps) await adoptNotebooks(records, { ...idleDeps, namespace: config.notebook.namespace });
        if (clusterIdleMs === undefined) return;
        // Every cluster gpubot tracks is watched for idleness (adopted ones, and any whose job was lost).
        const now = parts.clock.now();
        for (const record of records) {
          if (record.state === 'active') await parts.clusterIdleSchedule.ensure(record.clusterId, now);
        }
      },
      'cluster-idle': async (job) => (clusterIdleDeps ? advanceClusterIdle(job.clusterId, clusterIdleDeps) : undefined),
      'owner-summary': (job) => summaries.run(job.owner),
      // With GPUBOT_NOTEBOOK_IDLE off, a job left from before has nothing to do.
      'notebook-idle': async (job) => (idleDeps ? advanceNotebookIdle(job.name, idleDeps) : undefined),
    },
  });
  await parts.queue.upsertJobScheduler(
    'reconcile',
    { every: RECONCILE_EVERY_MS },
    { name: 'reconcile', data: { kind: 'reconcile' }, opts: lifecycleJobOptions(config.retention) },
  );
  const observer = observeAll(
    trackClusters(clusterDeps),
    ...(idleDeps ? [trackNotebooks({ ...idleDeps, namespace: config.notebook.namespace })] : []),
    ...(clusterIdleDeps ? [trackIdleClusters({ ...clusterIdleDeps, schedule: parts.clusterIdleSchedule })] : []),
  );
  return { worker, observer };
}
