import assert from 'node:assert/strict';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { after, before, test } from 'node:test';
import { text } from '../../src/i18n/text.js';
import type { CleanUp, CommandJob } from '../../src/jobs/command-job.js';
import { runCommandWorker } from '../../src/jobs/run-command-worker.js';
import type { Message } from '../../src/messages/model.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import { createCommandsQueue, type QueueSettings } from '../../src/queue/queues.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { captureLog } from '../support/capture-log.js';
import { pollUntil, pollUntilAsync } from '../support/poll-until.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';
import { recordFigures } from './support/figures.js';

/**
 * A job whose workers die while running it (here: a worker closed by force mid-run, which stops
 * heart-beating exactly like a killed process) more often than the stall limit is given up, not
 * handed to worker after worker: it is reported through the same failure report as any failure,
 * and what it made is queued for removal. Real BullMQ on the test Redis.
 */
let redis: Redis;
let settings: QueueSettings;
let commands: Queue;
const workers: Worker[] = [];
let runs = 0;
const told: { key: string; message: Message }[] = [];
const followUps: CleanUp['request'][] = [];

const request: ChatRequest = {
  requestId: 'stall-1',
  command: { kind: 'cluster.create', name: 'doomed', count: 1, instanceType: 'ecs.gn5-c4g1.xlarge', region: 'cn-hangzhou' },
  requester: { platform: 'console', userId: 'alice', locale: 'en' },
  conversation: { platform: 'console', channelId: '#console' },
  receivedAt: Date.now(),
};

/** Hangs on every run (as a worker that dies mid-step would); a run past the limit would succeed. */
const hangingJob: CommandJob = {
  title: () => text('cluster.list.title'),
  steps: [],
  async run(context) {
    runs += 1;
    await context.save({ regionId: 'cn-hangzhou', clusterId: 'c-doomed' });
    if (runs <= 2) await new Promise(() => {});
    return {};
  },
  cleanUp: (failed, checkpoint) => ({
    request: { ...failed, requestId: `cleanup-${failed.requestId}`, origin: 'cleanup', checkpoint },
    note: text('cluster.cleanup.note', { name: 'doomed', clusterId: checkpoint.clusterId ?? '?' }),
  }),
};

const recording: Notifier = {
  progress: async () => {},
  toConversation: async () => {},
  toRequester: async (_request, key, message) => {
    told.push({ key, message });
  },
};

function startWorker(): Worker {
  const worker = runCommandWorker({
    settings,
    deps: {
      notifier: recording,
      lastProgress: async () => undefined,
      pollIntervalMs: 100,
      log: captureLog('silent').log,
      now: Date.now,
    },
    jobs: { 'cluster.create': hangingJob },
    concurrency: 1,
    lockDurationMs: 500,
    stallLimit: 1,
    followUp: async (data) => {
      followUps.push(data);
    },
  });
  workers.push(worker);
  return worker;
}

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

const until = (check: () => boolean, what: string) => pollUntil(check, () => `timed out waiting until ${what}`, 20_000, 50);

test('past the stall limit a job is failed and reported once, and what it made is queued for removal', async () => {
  startWorker();
  await commands.add('cluster.create', request, { jobId: request.requestId, attempts: 5 });
  await until(() => runs === 1, 'the first worker runs it');
  await workers[0]?.close(true);
  startWorker();
  await until(() => runs === 2, 'a second worker takes it over after its lock lapses');
  await workers[1]?.close(true);
  startWorker();
  await pollUntilAsync(
    async () => (await commands.getJobState(request.requestId)) === 'failed',
    () => 'the job is not failed',
    20_000,
  );

  assert.equal(runs, 2, 'not run a third time');
  const job = await commands.getJob(request.requestId);
  assert.equal(job?.stalledCounter, 2);
  assert.deepEqual(
    told.map((t) => t.key),
    ['final'],
    'one failure report',
  );
  const lines = told[0]?.message.lines.map((line) => line.key);
  assert.deepEqual(lines, ['job.error.stalled', 'cluster.cleanup.note']);
  assert.equal(told[0]?.message.lines[0]?.params?.times, 2);
  assert.deepEqual(
    followUps.map((f) => [f.requestId, f.origin, f.checkpoint.clusterId]),
    [['cleanup-stall-1', 'cleanup', 'c-doomed']],
    'the removal of what it made is queued',
  );
  recordFigures({
    scenario: 'workers dying under one job past the stall limit (1)',
    requests: 1,
    faults: { 'worker stalls': 2 },
    outcomes: { 'given up and reported once': 1, 'clean-ups queued': followUps.length, 'runs after the limit': runs - 2 },
  });
});
