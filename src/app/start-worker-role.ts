import type { Queue, Worker } from 'bullmq';
import type { RedisClient } from '../queue/redis-connection.js';
import type { Platform } from '../chat/port.js';
import type { Config } from '../config/config.js';
import type { Emulator } from '../emulator/index.js';
import { commandJobs } from '../jobs/command-jobs.js';
import { runCommandWorker } from '../jobs/run-command-worker.js';
import { clientNodeConnector } from '../kube/client-node-cluster.js';
import type { KubeConnector } from '../kube/port.js';
import type { Logger } from '../log.js';
import type { Progress } from '../messages/model.js';
import type { Metrics } from '../metrics.js';
import { createOutboxNotifier } from '../outbox/notifier.js';
import { progressKey } from '../outbox/outbox-job.js';
import type { Sealer } from '../outbox/seal.js';
import type { QueueSettings } from '../queue/queues.js';
import { exposedToAnyone } from '../jobs/notebook/notebook-ready-messages.js';
import { buildCloud } from './build-cloud.js';

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
  readonly kube?: KubeConnector;
}

export interface WorkerRole {
  readonly worker: Worker;
  readonly emulator?: Emulator;
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
  });
  const worker = runCommandWorker({
    settings,
    concurrency: config.workerConcurrency,
    lockDurationMs: config.jobLockMs,
    jobs: commandJobs,
    deps: {
      cloud: built.cloud,
      kube: deps.kube ?? clientNodeConnector,
      notifier,
      regions: config.cloud.regions,
      lastProgress: async (requestId) => {
        const raw = await redis.hget(progressKey(settings.prefix, requestId), 'snapshot');
        return raw ? (JSON.parse(raw) as Progress) : undefined;
      },
      settings: {
        clusterSpec: config.cloud.clusterSpec,
        // A VPC lives in one region: the configured one serves clusters in the default region.
        ...(config.cloud.vpcId ? { vpcId: config.cloud.vpcId, vpcRegionId: config.cloud.regionId } : {}),
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
  deps.metrics.observe(worker, 'commands');
  return {
    worker,
    ...(built.emulator ? { emulator: built.emulator } : {}),
    async close() {
      // Jobs can wait on the cloud for many minutes: do not wait for them. Their locks lapse and
      // another worker resumes them from their checkpoints.
      await worker.close(true);
      await built.emulator?.close();
    },
  };
}
