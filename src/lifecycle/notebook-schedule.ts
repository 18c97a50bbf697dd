import type { Queue } from 'bullmq';
import type { Retention } from '../queue/retention.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import { jobIds } from './lifecycle-jobs.js';
import { createWatchSchedule, type WatchSchedule } from './watch-schedule.js';

/**
 * One delayed job per watched notebook (`idle-<name>`) looks at its Jupyter when it could first
 * have become idle, warns, and stops it after the grace.
 */
export type NotebookSchedule = WatchSchedule;

export function createNotebookSchedule(queue: Queue, clock: LifecycleClock, retention: Retention): NotebookSchedule {
  return createWatchSchedule(queue, clock, retention, (name) => ({
    jobId: jobIds.notebookIdle(name),
    data: { kind: 'notebook-idle', name },
  }));
}

/** One delayed job per tracked cluster (`cluster-idle-<clusterId>`) looks at what uses it, a few times per idle time. */
export function createClusterIdleSchedule(queue: Queue, clock: LifecycleClock, retention: Retention): WatchSchedule {
  return createWatchSchedule(queue, clock, retention, (clusterId) => ({
    jobId: jobIds.clusterIdle(clusterId),
    data: { kind: 'cluster-idle', clusterId },
  }));
}
