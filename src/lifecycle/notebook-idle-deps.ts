import type { Queue } from 'bullmq';
import type { AuditLog } from '../audit/audit-log.js';
import type { CloudProvider } from '../cloud/port.js';
import type { ClusterConnections } from '../jobs/cluster-connections.js';
import type { Logger } from '../log.js';
import type { Notifier } from '../outbox/notifier.js';
import type { Retention } from '../queue/retention.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import type { NotebookRecords } from './notebook-records.js';
import type { NotebookSchedule } from './notebook-schedule.js';
import type { People } from './people.js';

/** What watching notebooks for idleness works with, on the worker side. */
export interface NotebookIdleDeps {
  readonly notebooks: NotebookRecords;
  readonly schedule: NotebookSchedule;
  readonly clock: LifecycleClock;
  readonly connections: ClusterConnections;
  /** Whether a notebook's cluster is still there when it cannot be reached. */
  readonly cloud: Pick<CloudProvider, 'describeCluster'>;
  readonly notifier: Notifier;
  readonly audit: AuditLog;
  readonly people: People;
  /** The command queue: an idle notebook is stopped through the same job as a person's stop. */
  readonly commands: Queue;
  readonly retention: Retention;
  readonly log: Logger;
  readonly settings: {
    /** Lifecycle ms without activity before the owner is warned. */
    readonly idleMs: number;
    /** Lifecycle ms from the warning to the stop. */
    readonly graceMs: number;
    /** Real ms the activity reader may take in the container. */
    readonly execTimeoutMs: number;
  };
}
