import type { CloudProvider } from '../cloud/port.js';
import type { NotebookConfig } from '../config/config.js';
import type { KubeConnector } from '../kube/port.js';
import type { Logger } from '../log.js';
import type { Progress } from '../messages/model.js';
import type { Notifier } from '../outbox/notifier.js';
import type { ChatRequest } from '../queue/request.js';
import type { KnownRegions } from './known-regions.js';
import type { Wait } from './wait.js';

/** Everything a command job needs, passed in by the composition root (no module-level state). */
export interface JobDeps {
  readonly cloud: CloudProvider;
  readonly kube: KubeConnector;
  readonly notifier: Notifier;
  readonly regions: KnownRegions;
  readonly lastProgress: (requestId: string) => Promise<Progress | undefined>;
  readonly settings: {
    readonly vpcId?: string;
    readonly vswitchIds: readonly string[];
    readonly kubernetesVersion?: string;
    readonly pollIntervalMs: number;
    readonly clusterTimeoutMs: number;
    readonly maxNodesPerCluster: number;
    readonly admins: readonly string[];
  };
  /** `/notebook` settings; the defaults of config.ts when absent. */
  readonly notebook?: NotebookConfig;
  readonly log: Logger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/** Crash-safe progress of one job, saved in the job's data (never a secret). */
export interface Checkpoint {
  readonly zoneId?: string;
  readonly clusterId?: string;
  readonly taskId?: string;
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
