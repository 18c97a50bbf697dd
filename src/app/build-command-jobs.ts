import type { CloudProvider } from '../cloud/port.js';
import { createClusterIndex } from '../cluster-index/cluster-index.js';
import { createNotebookIndex } from '../cluster-index/notebook-index.js';
import type { Config } from '../config/config.js';
import { createClusterConnections } from '../jobs/cluster-connections.js';
import type { CommandJob } from '../jobs/command-job.js';
import { createCommandJobs } from '../jobs/command-jobs.js';
import type { ClusterSettings } from '../jobs/job-deps.js';
import { reconcileOnListing } from '../jobs/reconcile-listing.js';
import type { KubeConnector } from '../kube/port.js';
import type { Logger } from '../log.js';
import type { RedisClient } from '../queue/redis-connection.js';
import { createReservations } from '../reservations/reservations.js';
import { createSharedCache } from '../shared-cache/shared-cache.js';
import { createSharedListing, type SharedListing } from '../shared-listing/shared-listing.js';
import type { UsageReader } from '../jobs/describe-usage.js';
import type { DescribeLifetimes } from '../lifecycle/describe-lifetimes.js';
import type { OwnerSummaryDeps } from '../jobs/owner-summary.js';
import type { ProvisionDeps } from '../jobs/provision-cluster.js';
import type { ScaleSettledDeps } from '../jobs/scale-settled.js';

export interface CommandJobsInputs {
  readonly config: Config;
  readonly cloud: CloudProvider;
  readonly kube: KubeConnector;
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly log: Logger;
  readonly now: () => number;
  /** What clusters have run and cost so far, for `list` and `status`. */
  readonly usage?: UsageReader;
  /** When clusters expire, for `list` and `status`. */
  readonly lifetimes?: DescribeLifetimes;
  /** A scale tells gpubot's record of the cluster its new size (lifecycle/cluster-records.ts). */
  readonly resize?: (clusterId: string, nodes: number) => Promise<void>;
  /** A new cluster's expiry, fixed before CreateCluster so its tags carry it (lifecycle/plan-lifetime.ts). */
  readonly lifetime?: ProvisionDeps['lifetime'];
  /** A completed scale's spend: the meter's rate and the GPU limits' holds (spend/settle-scale.ts). */
  readonly settle?: ScaleSettledDeps['settle'];
  /** The daily summary's reads: the lifecycle records and clock (absent: no summaries). */
  readonly summary?: Omit<OwnerSummaryDeps, 'notebooks' | 'usage'>;
}

/** A name claimed this long without a cluster is free again (its request gave up or died). */
const STALE_CLAIM_MS = 30 * 60_000;

function clusterSettings(config: Config): ClusterSettings {
  return {
    clusterSpec: config.cloud.clusterSpec,
    // A VPC lives in one region: the configured one serves clusters in the default region.
    ...(config.cloud.vpcId ? { vpcId: config.cloud.vpcId, vpcRegionId: config.cloud.regionId } : {}),
    vswitchIds: config.cloud.vswitchIds,
    ...(config.cloud.kubernetesVersion ? { kubernetesVersion: config.cloud.kubernetesVersion } : {}),
    ...(config.networkPlugin ? { networkPlugin: config.networkPlugin } : {}),
    clusterTimeoutMs: config.cloud.clusterTimeoutMs,
    maxNodesPerCluster: config.limits.maxNodesPerCluster,
  };
}

/**
 * Every command job, each given only the dependencies it uses, over the shared reads of this
 * worker: one listing per region per poll interval (reconciling the cluster index and the quota
 * ledger with each), a cache of quota and stock, and kubeconfigs kept in memory.
 */
export function buildCommandJobs(inputs: CommandJobsInputs): Record<string, CommandJob> {
  const { config, cloud, log, now, redis, prefix } = inputs;
  const pollIntervalMs = config.cloud.pollIntervalMs;
  const regions = config.cloud.regions;
  const index = createClusterIndex({ redis, prefix, now });
  const reservations = createReservations({ redis, prefix, now });
  const cache = createSharedCache({ redis, prefix });
  const peek: Pick<SharedListing, 'peek'> = { peek: (region) => listing.peek(region) };
  const listing: SharedListing = createSharedListing({
    redis,
    prefix,
    cloud,
    pollIntervalMs,
    log,
    now,
    onFetched: reconcileOnListing({ index, reservations, listing: peek, regions, log, staleClaimMs: STALE_CLAIM_MS }),
  });
  const connections = createClusterConnections({ cloud, kube: inputs.kube, now });
  const settings = clusterSettings(config);
  const roles = { admins: config.governance.roles.admins };
  const timeoutMs = config.cloud.clusterTimeoutMs;
  return createCommandJobs({
    provision: {
      cloud,
      listing,
      index,
      reservations,
      cache,
      connections,
      regions,
      settings,
      pollIntervalMs,
      log,
      now,
      ...(inputs.lifetime ? { lifetime: inputs.lifetime } : {}),
    },
    deletion: {
      cloud,
      listing,
      index,
      reservations,
      connections,
      regions,
      roles,
      clusterTimeoutMs: timeoutMs,
      pollIntervalMs,
      now,
    },
    reports: {
      listing,
      connections,
      regions,
      now,
      ...(inputs.usage ? { usage: inputs.usage } : {}),
      ...(inputs.lifetimes ? { lifetimes: inputs.lifetimes } : {}),
    },
    notebooks: {
      cloud,
      listing,
      cache,
      connections,
      names: createNotebookIndex({ redis, prefix }),
      reservations,
      regions,
      roles,
      notebook: config.notebook,
      pollIntervalMs,
      now,
      log,
    },
    scale: {
      cloud,
      connections,
      reservations,
      roles,
      notebookNamespace: config.notebook.namespace,
      ...(inputs.resize ? { resize: inputs.resize } : {}),
      ...(inputs.settle ? { settle: inputs.settle } : {}),
      clusterTimeoutMs: timeoutMs,
      pollIntervalMs,
    },
    ...(inputs.summary ? { summary: { ...inputs.summary, ...(inputs.usage ? { usage: inputs.usage } : {}) } } : {}),
  });
}
