/**
 * ACK managed cluster editions (`cluster_spec`) and the limits that come with them. Basic
 * (`ack.standard`) is documented as "personal testing or learning only": at most 2 Basic
 * clusters per account and 10 worker nodes per cluster, and neither can be raised. Pro
 * (`ack.pro.*`) has raisable quotas (100 clusters, 5,000 nodes per cluster by default).
 */
export const CLUSTER_SPECS = ['ack.pro.small', 'ack.pro.xlarge', 'ack.pro.2xlarge', 'ack.pro.4xlarge', 'ack.standard'] as const;
export type ClusterSpec = (typeof CLUSTER_SPECS)[number];

export const DEFAULT_CLUSTER_SPEC: ClusterSpec = 'ack.pro.small';
export const BASIC_SPEC: ClusterSpec = 'ack.standard';

/** What ACK allows for ACK Basic, whatever DescribeUserQuota says. */
export const BASIC_LIMITS = { clusters: 2, workersPerCluster: 10 } as const;

export function isBasic(spec: string | undefined): boolean {
  // ACK treats an empty cluster_spec as Basic.
  return spec === undefined || spec === '' || spec === BASIC_SPEC;
}

/** The largest `<count>` gpubot accepts: the configured limit, and for Basic never above its cap. */
export function workerLimitFor(spec: ClusterSpec, configured: number): number {
  return isBasic(spec) ? Math.min(configured, BASIC_LIMITS.workersPerCluster) : configured;
}
