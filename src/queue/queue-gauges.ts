import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';

export interface WatchedQueues {
  readonly commands: Queue;
  /** The outbox queues this process knows, by platform (created as they are first used). */
  outboxes(): ReadonlyMap<string, Queue>;
}

const PENDING = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;
/** A scrape must not hang on an unreachable Redis: past this the gauges are left out. */
const READ_TIMEOUT_MS = 2000;
/** How many undelivered jobs are read to find the oldest (waiting and active come oldest first). */
const OLDEST_SAMPLE = 200;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('redis did not answer')), READ_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function oldestAgeSeconds(queue: Queue, now: number): Promise<number> {
  const jobs = await queue.getJobs([...PENDING], 0, OLDEST_SAMPLE - 1, true);
  const oldest = Math.min(...jobs.map((job) => job?.timestamp ?? now), now);
  return Math.max(0, (now - oldest) / 1000);
}

/**
 * Gauges read from Redis when Prometheus scrapes: jobs per queue and state (the queue's depth),
 * and per chat platform the outbox backlog and the age of its oldest undelivered message.
 * The numbers are the same in every process (they describe the shared Redis); take max() of them.
 */
export function watchQueues(registry: Registry, queues: WatchedQueues): void {
  new Gauge({
    name: 'gpubot_queue_jobs',
    help: 'Jobs in a queue by state (waiting, active, delayed, prioritized, waiting-children).',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const all = [queues.commands, ...queues.outboxes().values()];
      const counts = await withTimeout(Promise.all(all.map((queue) => queue.getJobCounts(...PENDING)))).catch(() => []);
      counts.forEach((byState, index) => {
        for (const state of PENDING) this.set({ queue: all[index]?.name ?? '', state }, byState[state] ?? 0);
      });
    },
  });
  new Gauge({
    name: 'gpubot_outbox_backlog',
    help: 'Chat messages not yet delivered, by platform.',
    labelNames: ['platform'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [platform, queue] of queues.outboxes()) {
        const counts = await withTimeout(queue.getJobCounts(...PENDING)).catch(() => undefined);
        if (counts)
          this.set(
            { platform },
            PENDING.reduce((sum, state) => sum + (counts[state] ?? 0), 0),
          );
      }
    },
  });
  new Gauge({
    name: 'gpubot_outbox_oldest_undelivered_seconds',
    help: 'Age of the oldest chat message not yet delivered, by platform (0 when none is waiting).',
    labelNames: ['platform'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [platform, queue] of queues.outboxes()) {
        const age = await withTimeout(oldestAgeSeconds(queue, Date.now())).catch(() => undefined);
        if (age !== undefined) this.set({ platform }, age);
      }
    },
  });
}
