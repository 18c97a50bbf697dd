import type { Queue } from 'bullmq';
import type { AuditLog } from '../audit/audit-log.js';
import type { CloudProvider } from '../cloud/port.js';
import type { ClusterConnections } from '../jobs/cluster-connections.js';
import type { Logger } from '../log.js';
import type { Notifier } from '../outbox/notifier.js';
import type { Retention } from '../queue/retention.js';
import type { ClusterIdleStates } from './cluster-idle-records.js';
import type { ClusterRecords } from './cluster-records.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import type { People } from './people.js';

/** What watching gpubot's clusters for idleness works with, on the worker side. */
export interface ClusterIdleDeps {
  /** Only clusters gpubot tracks (made by it, or adopted from their tags) are ever watched. */
  readonly records: ClusterRecords;
  readonly idle: ClusterIdleStates;
  readonly clock: LifecycleClock;
  readonly cloud: Pick<CloudProvider, 'describeCluster'>;
  readonly connections: ClusterConnections;
  readonly notifier: Notifier;
  readonly audit: AuditLog;
  readonly people: People;
  /** The command queue: an idle cluster is deleted through the same job as a person's delete. */
  readonly commands: Queue;
  readonly retention: Retention;
  readonly log: Logger;
  readonly settings: {
    /** Lifecycle ms with no notebook and no GPU pod before the owner is warned. */
    readonly idleMs: number;
    /** Lifecycle ms from the warning to the deletion. */
    readonly graceMs: number;
    /** The notebooks' namespace (GPUBOT_NOTEBOOK_NAMESPACE). */
    readonly namespace: string;
  };
}
