import type { CloudProvider } from '../cloud/port.js';
import type { Config } from '../config/config.js';
import { createClusterConnections } from '../jobs/cluster-connections.js';
import type { CommandJob } from '../jobs/command-job.js';
import { createCommandJobs } from '../jobs/command-jobs.js';
import type { ClusterSettings } from '../jobs/job-deps.js';
import type { KubeConnector } from '../kube/port.js';
import type { Logger } from '../log.js';
import type { UsageReader } from '../jobs/describe-usage.js';
import type { DescribeLifetimes } from '../lifecycle/describe-lifetimes.js';

export interface CommandJobsInputs {
  readonly config: Config;
  readonly cloud: CloudProvider;
  readonly kube: KubeConnector;
  readonly log: Logger;
  readonly now: () => number;
  /** What clusters have run and cost so far, for `list` and `status`. */
  readonly usage?: UsageReader;
  /** When clusters expire, for `list` and `status`. */
  readonly lifetimes?: DescribeLifetimes;
}

/** Every command job, each given only the dependencies it uses. */
export function buildCommandJobs(inputs: CommandJobsInputs): Record<string, CommandJob> {
  const { config, cloud, log, now } = inputs;
  const settings: ClusterSettings = {
    clusterSpec: config.cloud.clusterSpec,
    // A VPC lives in one region: the configured one serves clusters in the default region.
    ...(config.cloud.vpcId ? { vpcId: config.cloud.vpcId, vpcRegionId: config.cloud.regionId } : {}),
    vswitchIds: config.cloud.vswitchIds,
    ...(config.cloud.kubernetesVersion ? { kubernetesVersion: config.cloud.kubernetesVersion } : {}),
    ...(config.networkPlugin ? { networkPlugin: config.networkPlugin } : {}),
    clusterTimeoutMs: config.cloud.clusterTimeoutMs,
    maxNodesPerCluster: config.limits.maxNodesPerCluster,
  };
  const connections = createClusterConnections({ cloud, kube: inputs.kube, now });
  const regions = config.cloud.regions;
  const roles = { admins: config.governance.roles.admins };
  return createCommandJobs({
    provision: { cloud, connections, regions, settings, pollIntervalMs: config.cloud.pollIntervalMs, now },
    deletion: { cloud, connections, regions, roles, clusterTimeoutMs: config.cloud.clusterTimeoutMs, now },
    reports: {
      cloud,
      connections,
      regions,
      ...(inputs.usage ? { usage: inputs.usage } : {}),
      ...(inputs.lifetimes ? { lifetimes: inputs.lifetimes } : {}),
    },
    notebooks: { cloud, connections, regions, roles, notebook: config.notebook, now, log },
  });
}
