import { createServer, type Server } from 'node:http';
import type { Worker } from 'bullmq';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process: jobs, cloud retries, chat deliveries, plus Node's defaults. */
export interface Metrics {
  readonly registry: Registry;
  readonly cloudRetries: Counter<'action' | 'code'>;
  /** Counts and times a worker's jobs by name and outcome (BullMQ events, no change to the jobs). */
  observe(worker: Worker, queue: 'commands' | 'outbox'): void;
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
  };
}

/** Serves `/metrics` (Prometheus text) and `/healthz` on a port of its own. */
export async function serveMetrics(metrics: Metrics, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry
      .metrics()
      .then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((done) => server.listen(port, done));
  return server;
}
