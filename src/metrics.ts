import type { Queue, Worker } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Platform } from './chat/port.js';
import { isGpubotError } from './errors.js';
import { watchQueues, type WatchedQueues } from './queue/queue-gauges.js';

/** Prometheus metrics of one process: jobs, queues, cloud calls, chat deliveries, plus Node's defaults. */
export interface Metrics {
  readonly registry: Registry;
  readonly cloudRetries: Counter<'action' | 'code'>;
  /** Counts and times a worker's jobs by name and outcome (BullMQ events, no change to the jobs). */
  observe(worker: Worker, queue: 'commands' | 'outbox'): void;
  /** Counts a platform's chat deliveries: delivered, retried (with why) or failed for good. */
  observeDeliveries(worker: Worker, platform: Platform): void;
  /** One cloud API call and its outcome; `code` is the API's error code when it failed. */
  recordCloudCall(action: string, code?: string): void;
  /** Reports the depth of these queues (and the outbox backlog) when scraped. */
  watchQueues(queues: WatchedQueues): void;
  /** Reports each owner's live clusters, GPUs and notebooks (from the reservations ledger) when scraped. */
  watchOwners(read: () => Promise<readonly { owner: string; resource: string; used: number }[]>): void;
  /** Reports how many running notebooks' activity gpubot cannot read (idle watch), when scraped. */
  watchUnreadableNotebooks(read: () => Promise<number>): void;
}

/** A scrape must not hang on an unreachable Redis: past 2 s the value is left out. */
async function withinTwoSeconds<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('redis did not answer')), 2000);
  });
  return Promise.race([read(), timeout])
    .catch(() => fallback)
    .finally(() => clearTimeout(timer));
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gpubot_' });
  const jobs = new Counter({
    name: 'gpubot_jobs_total',
    help: 'Jobs finished, by queue, job name and outcome (completed, failed, retried).',
    labelNames: ['queue', 'name', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gpubot_job_duration_seconds',
    help: 'Time from a job being queued to it finishing, by queue and job name.',
    labelNames: ['queue', 'name'] as const,
    buckets: [0.1, 1, 10, 60, 300, 600, 1200, 1800, 3600],
    registers: [registry],
  });
  const cloudRetries = new Counter({
    name: 'gpubot_cloud_retries_total',
    help: 'Cloud API calls retried after throttling or a transient fault, by action and error code.',
    labelNames: ['action', 'code'] as const,
    registers: [registry],
  });
  const cloudCalls = new Counter({
    name: 'gpubot_cloud_calls_total',
    help: 'Cloud API calls made (each try counts), by action and outcome (ok, error).',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const cloudErrors = new Counter({
    name: 'gpubot_cloud_errors_total',
    help: 'Cloud API calls that failed, by action and the API error code.',
    labelNames: ['action', 'code'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'gpubot_chat_deliveries_total',
    help: 'Chat deliveries by platform and outcome (delivered, failed); retries are in gpubot_chat_delivery_retries_total.',
    labelNames: ['platform', 'outcome'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: 'gpubot_chat_delivery_retries_total',
    help: 'Chat deliveries put off to retry later, by platform and reason (e.g. chat.rate_limited).',
    labelNames: ['platform', 'reason'] as const,
    registers: [registry],
  });
  return {
    registry,
    cloudRetries,
    observe(worker, queue) {
      worker.on('completed', (job) => {
        jobs.inc({ queue, name: job.name, outcome: 'completed' });
        if (job.finishedOn) duration.observe({ queue, name: job.name }, (job.finishedOn - job.timestamp) / 1000);
      });
      worker.on('failed', (job) => {
        if (!job) return;
        const final = job.finishedOn !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
        jobs.inc({ queue, name: job.name, outcome: final || job.finishedOn ? 'failed' : 'retried' });
      });
    },
    observeDeliveries(worker, platform) {
      worker.on('completed', () => deliveries.inc({ platform, outcome: 'delivered' }));
      worker.on('failed', (job, error) => {
        if (isGpubotError(error) && error.retryable) retries.inc({ platform, reason: error.code });
        else if (job) deliveries.inc({ platform, outcome: 'failed' });
      });
    },
    recordCloudCall(action, code) {
      cloudCalls.inc({ action, outcome: code === undefined ? 'ok' : 'error' });
      if (code !== undefined) cloudErrors.inc({ action, code });
    },
    watchQueues(queues) {
      watchQueues(registry, queues);
    },
    watchOwners(read) {
      new Gauge({
        name: 'gpubot_owner_live',
        help: 'Live clusters, their GPUs and notebooks held by each owner (<platform>:<user id>), from the reservations ledger.',
        labelNames: ['owner', 'resource'] as const,
        registers: [registry],
        async collect() {
          this.reset();
          const rows = await withinTwoSeconds(read, []);
          for (const row of rows) this.set({ owner: row.owner, resource: row.resource }, row.used);
        },
      });
    },
    watchUnreadableNotebooks(read) {
      new Gauge({
        name: 'gpubot_notebooks_activity_unreadable',
        help: 'Running notebooks whose Jupyter activity gpubot cannot read: it warns, then stops, them after the idle time.',
        registers: [registry],
        async collect() {
          this.reset();
          const count = await withinTwoSeconds(read, undefined);
          if (count !== undefined) this.set(count);
        },
      });
    },
  };
}

export type { Queue };
