import type { Queue } from 'bullmq';
import type { AuditLog } from '../audit/audit-log.js';
import type { CloudProvider } from '../cloud/port.js';
import type { Logger } from '../log.js';
import type { Notifier } from '../outbox/notifier.js';
import type { Retention } from '../queue/retention.js';
import type { ClusterRecords } from './cluster-records.js';
import type { ClusterSchedule } from './lifecycle-jobs.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import type { People } from './people.js';
import type { SpendReader } from './spend-reader.js';
import type { DailySummaries } from './daily-summaries.js';

/** What the cluster lifecycle (tracking, warnings, expiry, tags, reconciling) works with, on the worker side. */
export interface ClusterLifecycleDeps {
  readonly records: ClusterRecords;
  readonly schedule: ClusterSchedule;
  readonly clock: LifecycleClock;
  readonly cloud: CloudProvider;
  readonly notifier: Notifier;
  readonly audit: AuditLog;
  readonly people: People;
  /** The command queue: an expiry deletes through the same job as a person's delete. */
  readonly commands: Queue;
  readonly retention: Retention;
  readonly spend?: SpendReader;
  /** Owners of what starts are enrolled for the daily summary. */
  readonly summaries?: Pick<DailySummaries, 'enroll'>;
  readonly log: Logger;
  readonly settings: {
    readonly clusterTtlMs: number;
    readonly maxClusterTtlMs: number;
    readonly warnBeforeMs: number;
    /** The regions gpubot works in: where reconciling looks for its clusters. */
    readonly regions: readonly string[];
    /** How long (real ms) an expiry waits before looking again while the cluster is still being created. */
    readonly pollIntervalMs: number;
  };
}
