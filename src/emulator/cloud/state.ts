import { FaultBook } from './faults.js';
import type { NetworkBook } from './networks.js';
import type { RegionBook } from './regions.js';
import type { StockBook } from './stock.js';
import type {
  EmulatedNodeSpec,
  EmulatedQuota,
  EmulatorCredentials,
  EmulatorLogger,
  JournalEntry,
  KubeRegistry,
  TemporaryCredentials,
} from './types.js';

/** `status.state` of a node pool, as DescribeClusterNodePoolDetail reports it. */
export type NodePoolState = 'initial' | 'scaling' | 'removing' | 'active' | 'failed';

export interface NodePoolRecord {
  nodepoolId: string;
  name: string;
  instanceTypes: string[];
  vswitchIds: string[];
  /** PRIORITY (default): vSwitches in order, the next zone only when one cannot take a node. */
  multiAzPolicy: string;
  desiredSize: number;
  instanceChargeType: string;
  systemDiskCategory: string;
  systemDiskSize: number;
  runtime: string;
  securityGroupIds: string[];
  state: NodePoolState;
  /** Nodes that joined, and nodes that could not be created. */
  nodeNames: string[];
  failedNodes: number;
  created: number;
  updated: number;
  /** When the pool became active (epoch ms), for measuring how soon gpubot reacts. */
  activeAt?: number;
  /** A failure decided when the pool was requested (armed fault); surfaces when ECS instances are created. */
  pendingFailure?: AsyncFailure;
  // The login password is validated and dropped: the emulator never keeps secrets it does not need.
}

export type AsyncFailure = { code: string; message: string };

export interface ClusterRecord {
  clusterId: string;
  name: string;
  regionId: string;
  zoneId: string;
  clusterType: string;
  clusterSpec: string;
  profile: string;
  kubernetesVersion: string;
  vpcId: string;
  vswitchIds: string[];
  vpcCreatedByAck: boolean;
  securityGroupId: string;
  containerCidr: string;
  serviceCidr: string;
  /** Flannel or Terway (with or without its NetworkPolicy agent). */
  networkPlugin: { plugin: 'flannel' | 'terway'; networkPolicy: boolean };
  proxyMode: string;
  snatEntry: boolean;
  endpointPublicAccess: boolean;
  deletionProtection: boolean;
  resourceGroupId: string;
  tags: { key: string; value: string }[];
  nodepools: NodePoolRecord[];
  state: string;
  created: number;
  updated: number;
  /** Creation order, to sort lists deterministically. */
  seq: number;
  nodes: EmulatedNodeSpec[];
  kubeconfig?: string;
  registeredInKube: boolean;
  apiServerIntranetIp: string;
  apiServerPublicIp?: string;
  /** A failure decided when CreateCluster was called (armed fault); surfaces at the ECS stage. */
  pendingFailure?: AsyncFailure;
  taskIds: string[];
  /** Pending stage timers of this cluster's tasks, so deletion can interrupt them. */
  timers: Set<NodeJS.Timeout>;
  /** When the cluster became running (epoch ms), for measuring how soon gpubot reacts. */
  runningAt?: number;
  /** When the cluster was deleted: it answers `state: deleted` for a while, then is gone. */
  deletedAt?: number;
}

export interface StageRecord {
  name: string;
  state: 'running' | 'success' | 'failed';
  startTime: number;
  endTime?: number;
  message: string;
}

export interface TaskRecord {
  taskId: string;
  clusterId: string;
  taskType: 'cluster_create' | 'cluster_delete' | 'nodepool_create' | 'nodepool_scaleout' | 'nodepool_remove';
  state: 'running' | 'success' | 'failed';
  stages: StageRecord[];
  error?: AsyncFailure;
  created: number;
  updated: number;
  parameters: Record<string, string>;
}

export interface LogRecord {
  id: number;
  clusterId: string;
  level: 'info' | 'warn' | 'error';
  message: string;
  created: number;
}

export interface EmulatorStateInit {
  kube: KubeRegistry;
  timeScale: number;
  credentials: EmulatorCredentials;
  quota: EmulatedQuota;
  regions: RegionBook;
  stock: StockBook;
  networks: NetworkBook;
  logger?: EmulatorLogger;
  deletedVisibleSeconds?: number;
}

/** Everything the two emulated services share: resources, clock, faults and counters. */
export class EmulatorState {
  readonly kube: KubeRegistry;
  readonly timeScale: number;
  readonly credentials: EmulatorCredentials;
  quota: EmulatedQuota;
  readonly regions: RegionBook;
  readonly stock: StockBook;
  readonly networks: NetworkBook;
  readonly logger: EmulatorLogger | undefined;
  /** Emulated seconds a deleted cluster answers `state: deleted` before ACK forgets it. */
  readonly deletedVisibleSeconds: number;
  readonly faults = new FaultBook();
  readonly clusters = new Map<string, ClusterRecord>();
  readonly tasks = new Map<string, TaskRecord>();
  private readonly logs: LogRecord[] = [];
  private readonly counters = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextLogId = 1;
  private nextSeq = 1;
  closed = false;

  constructor(init: EmulatorStateInit) {
    this.kube = init.kube;
    this.timeScale = init.timeScale;
    this.credentials = init.credentials;
    this.quota = init.quota;
    this.regions = init.regions;
    this.stock = init.stock;
    this.networks = init.networks;
    this.logger = init.logger;
    this.deletedVisibleSeconds = init.deletedVisibleSeconds ?? 120;
  }

  now(): number {
    return Date.now();
  }

  /** STS credentials the account accepts until they expire, by AccessKeyId. */
  readonly temporaryCredentials = new Map<string, TemporaryCredentials>();

  /** What an AccessKeyId stands for: the account's own key, or temporary credentials (expired or not). */
  credentialsFor(accessKeyId: string): EmulatorCredentials | TemporaryCredentials | undefined {
    if (accessKeyId === this.credentials.accessKeyId) return this.credentials;
    return this.temporaryCredentials.get(accessKeyId);
  }

  takeSeq(): number {
    return this.nextSeq++;
  }

  /** Runs `fn` after `emulatedSeconds` of emulated time (compressed by timeScale). */
  schedule(emulatedSeconds: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.closed) fn();
      },
      (emulatedSeconds * 1000) / this.timeScale,
    );
    timer.unref();
    this.timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  count(action: string): void {
    this.counters.set(action, (this.counters.get(action) ?? 0) + 1);
  }

  callCounts(): Record<string, number> {
    return Object.fromEntries(this.counters);
  }

  log(clusterId: string, level: LogRecord['level'], message: string): void {
    this.logs.push({ id: this.nextLogId++, clusterId, level, message, created: this.now() });
    this.logger?.debug({ clusterId, level }, `emulated ACK: ${message}`);
  }

  logsOf(clusterId: string): LogRecord[] {
    return this.logs.filter((l) => l.clusterId === clusterId);
  }

  /** Clusters that count against quotas (everything not yet deleted). */
  liveClusters(): ClusterRecord[] {
    return [...this.clusters.values()].filter((c) => c.state !== 'deleted');
  }

  /** Requests as each endpoint saw them, for tests that check where calls went. */
  readonly journal: JournalEntry[] = [];
}
