import type { ClusterNetworkPlugin } from '../cloud/port.js';
import type { CloudProvider, ClusterSpec } from '../cloud/port.js';
import type { NotebookConfig } from '../config/config.js';
import type { KubeConnector } from '../kube/port.js';
import type { Logger } from '../log.js';
import type { Progress } from '../messages/model.js';
import type { Notifier } from '../outbox/notifier.js';
import type { ChatRequest } from '../queue/request.js';
import type { Wait } from './wait.js';
import type { ClusterUsage } from '../spend/usage-meter.js';

/** Everything a command job needs, passed in by the composition root (no module-level state). */
export interface JobDeps {
  readonly cloud: CloudProvider;
  readonly kube: KubeConnector;
  readonly notifier: Notifier;
  /** The regions gpubot works in (GPUBOT_REGIONS): where `list`, `status` and lookups by name search. */
  readonly regions: readonly string[];
  readonly lastProgress: (requestId: string) => Promise<Progress | undefined>;
  readonly settings: {
    /** The ACK edition of new clusters (GPUBOT_CLUSTER_SPEC). */
    readonly clusterSpec: ClusterSpec;
    /** A configured VPC (GPUBOT_VPC_ID) and its vSwitches, used for clusters in `vpcRegionId`; elsewhere ACK creates a VPC. */
    readonly vpcId?: string;
    readonly vpcRegionId?: string;
    readonly vswitchIds: readonly string[];
    readonly kubernetesVersion?: string;
    /** GPUBOT_NETWORK_PLUGIN: Flannel when absent; Terway only in the configured VPC. */
    readonly networkPlugin?: ClusterNetworkPlugin;
    readonly pollIntervalMs: number;
    readonly clusterTimeoutMs: number;
    readonly maxNodesPerCluster: number;
    readonly admins: readonly string[];
  };
  /** `/notebook` settings; the defaults of config.ts when absent. */
  readonly notebook?: NotebookConfig;
  /** How long clusters ran and what they cost so far (spend/usage-meter.ts); absent: not shown. */
  readonly usage?: { usage(clusterId: string, now: number): Promise<ClusterUsage | undefined> };
  readonly log: Logger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/** Crash-safe progress of one job, saved in the job's data (ids only, never a secret). */
export interface Checkpoint {
  /** The region of the cluster the job works on: every call about it goes to that region's endpoint. */
  readonly regionId?: string;
  /** The zone pre-flight chose. */
  readonly zoneId?: string;
  /** Zones where pre-flight found the instance type in stock, the chosen one first. */
  readonly stockZoneIds?: readonly string[];
  /** Without a configured VPC: the zones ACK creates vSwitches in (`zone_ids`). */
  readonly clusterZoneIds?: readonly string[];
  /** With a configured VPC: its vSwitches in the zones with stock, in that order, for the node pool. */
  readonly poolVswitchIds?: readonly string[];
  readonly clusterId?: string;
  readonly taskId?: string;
  readonly nodepoolId?: string;
  readonly nodepoolTaskId?: string;
  readonly createdAt?: number;
  /** When each named wait began (`elapsed`), so timeouts survive re-queues and crashes. */
  readonly since?: Readonly<Record<string, number>>;
  /** The adaptive poll interval and what the last poll saw (`pollAgain`). */
  readonly poll?: { readonly intervalMs: number; readonly observed: string };
}

export interface JobContext {
  readonly request: ChatRequest;
  readonly checkpoint: Checkpoint;
  save(update: Checkpoint): Promise<void>;
  readonly log: Logger;
  /** True on the last attempt BullMQ will make, so failures must be reported now. */
  readonly finalAttempt: boolean;
  /**
   * Milliseconds since this job first passed `marker` (0 the first time). Kept in the checkpoint,
   * so a timeout counts from the first attempt across re-queues, restarts and other workers.
   */
  elapsed(marker: string): number;
  /**
   * "Look again later": the job is re-queued after the poll interval, which grows (up to six times
   * the base) while `observed` (what this poll saw) stays the same and snaps back when it changes.
   * Return it from `run`; the worker slot is free while the job waits.
   */
  pollAgain(observed: string): Wait;
}
