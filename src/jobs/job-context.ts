import type { CloudProvider } from '../cloud/port.js';
import type { NotebookConfig } from '../config/config.js';
import type { KubeConnector } from '../kube/port.js';
import type { Logger } from '../log.js';
import type { Progress } from '../messages/model.js';
import type { Notifier } from '../outbox/notifier.js';
import type { ChatRequest } from '../queue/request.js';
import type { KnownRegions } from './known-regions.js';

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
}

export interface JobContext {
  readonly request: ChatRequest;
  readonly checkpoint: Checkpoint;
  save(update: Checkpoint): Promise<void>;
  readonly log: Logger;
  /** True on the last attempt BullMQ will make, so failures must be reported now. */
  readonly finalAttempt: boolean;
}
