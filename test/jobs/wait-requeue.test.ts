import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CommandJob } from '../../src/jobs/command-job.js';
import { runCommandWorker, type RunnerDeps } from '../../src/jobs/run-command-worker.js';
import { text } from '../../src/i18n/text.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import { createCommandsQueue, type QueueSettings } from '../../src/queue/queues.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { captureLog } from '../support/capture-log.js';
import { pollUntil } from '../support/poll-until.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

/**
 * The one waiting mechanism: a job that must wait returns `context.pollAgain(...)`; the runner
 * checkpoints it and re-queues it as a delayed job, so the worker slot is free meanwhile.
 */
const POLL_MS = 150;
let redis: Redis;
let settings: QueueSettings;
let commands: Queue;
const workers: Worker[] = [];
const events: string[] = [];
const polls = new Map<string, number[]>();
const finalFlags: boolean[] = [];

/** Becomes ready on its fourth look; records what it saw each time. */
const slowJob: CommandJob = {
  title: () => text('cluster.list.title'),
  steps: [],
  async run(context) {
    const elapsed = context.elapsed('ready');
    finalFlags.push(context.finalAttempt);
    const seen = [...(polls.get(context.request.requestId) ?? []), elapsed];
    polls.set(context.request.requestId, seen);
    if (seen.length < 4) return context.pollAgain('still initial');
    events.push(`slow done ${context.request.requestId}`);
    return {};
  },
};

const quickJob: CommandJob = {
  title: () => text('cluster.list.title'),
  steps: [],
  async run(context) {
    events.push(`quick done ${context.request.requestId}`);
    return {};
  },
};

const silent: Notifier = { progress: async () => {}, toConversation: async () => {}, toRequester: async () => {} };

function startWorker(): Worker {
  const deps = {
    notifier: silent,
    lastProgress: async () => undefined,
    pollIntervalMs: POLL_MS,
    log: captureLog('warn').log,
    now: Date.now,
  } satisfies RunnerDeps;
  const worker = runCommandWorker({
    settings,
    deps,
    jobs: { 'cluster.list': slowJob, 'cluster.status': quickJob },
    concurrency: 1,
    lockDurationMs: 5_000,
    stallLimit: 20,
    followUp: () => Promise.reject(new Error('these jobs make nothing to clean up')),
  });
  workers.push(worker);
  return worker;
}

const request = (requestId: string, kind: 'cluster.list' | 'cluster.status'): ChatRequest => ({
  requestId,
  command: kind === 'cluster.list' ? { kind } : { kind },
  requester: { platform: 'console', userId: 'alice', locale: 'en' },
  conversation: { platform: 'console', channelId: '#console' },
  receivedAt: Date.now(),
});

before(() => {
  redis = testRedis();
  settings = { connection: redis, prefix: testPrefix() };
  commands = createCommandsQueue(settings);
});
after(async () => {
  for (const worker of workers) await worker.close(true);
  await commands.close();
  await cleanPrefix(redis, settings.prefix);
  await redis.quit();
});

test('a waiting job frees its slot: with concurrency 1, a later job finishes while the first still waits', async () => {
  startWorker();
  await commands.add('cluster.list', request('slow-1', 'cluster.list'), { jobId: 'slow-1', attempts: 2 });
  await pollUntil(
    () => (polls.get('slow-1')?.length ?? 0) >= 1,
    () => 'slow-1 never ran',
  );
  await commands.add('cluster.status', request('quick-1', 'cluster.status'), { jobId: 'quick-1' });
  await pollUntil(
    () => events.includes('slow done slow-1'),
    () => events.join(', '),
    10_000,
  );
  assert.ok(events.indexOf('quick done quick-1') < events.indexOf('slow done slow-1'), events.join(', '));
  const job = await commands.getJob('slow-1');
  assert.equal(await job?.getState(), 'completed');
  // Four runs on an `attempts: 2` budget, none of them its last: waiting does not spend attempts.
  assert.deepEqual(finalFlags.slice(0, 4), [false, false, false, false]);
  assert.equal(job?.attemptsMade, 1, 'only the run that finished counts');
});

test('the wait clock and the poll interval survive re-queues: elapsed grows, unchanged polls back off', async () => {
  const seen = polls.get('slow-1') ?? [];
  assert.equal(seen.length, 4);
  assert.equal(seen[0], 0);
  for (let i = 1; i < seen.length; i += 1) assert.ok((seen[i] as number) > (seen[i - 1] as number), seen.join(', '));
  // base, 1.5x, 2.25x: the three waits add up to at least 4.75 base intervals.
  assert.ok((seen[3] as number) >= POLL_MS * 4.75 - 20, `waited ${seen[3]} ms`);
  const job = await commands.getJob('slow-1');
  assert.deepEqual(Object.keys(job?.data.checkpoint?.since ?? {}), ['ready']);
});

test('a job waiting when its worker dies is finished by another worker, without waiting for a lock to lapse', async () => {
  const first = workers[0] as Worker;
  await commands.add('cluster.list', request('slow-2', 'cluster.list'), { jobId: 'slow-2', attempts: 3 });
  await pollUntil(
    () => (polls.get('slow-2')?.length ?? 0) >= 1,
    () => 'slow-2 never ran',
  );
  await first.close(true);
  const second = startWorker();
  await pollUntil(
    () => events.includes('slow done slow-2'),
    () => events.join(', '),
    10_000,
  );
  assert.equal(await (await commands.getJob('slow-2'))?.getState(), 'completed');
  await second.close();
});
