import assert from 'node:assert/strict';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { after, before, test } from 'node:test';
import { text } from '../../src/i18n/text.js';
import type { CommandJob } from '../../src/jobs/command-job.js';
import type { JobContext } from '../../src/jobs/job-context.js';
import { runCommandWorker } from '../../src/jobs/run-command-worker.js';
import type { Message, Progress } from '../../src/messages/model.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import { COMMANDS_QUEUE, createCommandsQueue, type QueueSettings } from '../../src/queue/queues.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { captureLog } from '../support/capture-log.js';
import { pollUntil, pollUntilAsync } from '../support/poll-until.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

/**
 * A run whose lock lapses (Redis away longer than the lock, a frozen process) no longer owns its
 * job: the stall check hands the job to a new run. The old run must neither report a failure nor
 * queue a clean-up of what the job made, and a job whose give-up began never runs again: in the
 * CI run that found this, a create gave up on BullMQ's "Missing lock" while its takeover carried
 * on, and the clean-up deleted the cluster under it.
 */
let redis: Redis;
let settings: QueueSettings;
let commands: Queue;
let worker: Worker;
const progress: { requestId: string; state: Progress['state'] }[] = [];
const told: { requestId: string; message: Message }[] = [];
const followUps: string[] = [];
const runs: Record<string, number> = {};

const dropLock = (requestId: string) => redis.del(`${settings.prefix}:${COMMANDS_QUEUE}:${requestId}:lock`);

/** Loses its lock while it waits on the first run, succeeds on the next. */
const waitsAfterLosingLock: CommandJob = {
  title: () => text('cluster.list.title'),
  steps: [{ id: 'one', label: text('cluster.list.title') }],
  async run(context: JobContext) {
    const requestId = context.request.requestId;
    runs[requestId] = (runs[requestId] ?? 0) + 1;
    if (runs[requestId] > 1) return { summary: text('job.done') };
    await context.save({ createdAt: 1 });
    await dropLock(requestId);
    return context.pollAgain('creating', { afterMs: 50 });
  },
};

/** Fails for good; its lock lapses while the failure is being reported. */
const failsWhileLockLapses: CommandJob = {
  title: () => text('cluster.list.title'),
  steps: [{ id: 'one', label: text('cluster.list.title') }],
  async run(context: JobContext) {
    const requestId = context.request.requestId;
    runs[requestId] = (runs[requestId] ?? 0) + 1;
    await context.save({ createdAt: 1 });
    throw new TypeError('cannot read properties of undefined');
  },
  cleanUp: (request) => ({
    request: { ...request, requestId: `${request.requestId}-cleanup`, origin: 'cleanup', checkpoint: {} },
    note: text('job.done'),
  }),
};

const recording: Notifier = {
  progress: async (request, snapshot) => {
    progress.push({ requestId: request.requestId, state: snapshot.state });
  },
  toConversation: async () => {},
  toRequester: async (request, _key, sent) => {
    told.push({ requestId: request.requestId, message: sent });
    if (told.filter((t) => t.requestId === 'fails-1').length === 1) await dropLock('fails-1');
  },
};

const request = (requestId: string, kind: 'cluster.list' | 'cluster.status'): ChatRequest => ({
  requestId,
  command: kind === 'cluster.list' ? { kind } : { kind, name: 'x' },
  requester: { platform: 'console', userId: 'alice', locale: 'en' },
  conversation: { platform: 'console', channelId: '#console' },
  receivedAt: Date.now(),
});

before(() => {
  redis = testRedis();
  settings = { connection: redis, prefix: testPrefix() };
  commands = createCommandsQueue(settings);
  worker = runCommandWorker({
    settings,
    deps: {
      notifier: recording,
      lastProgress: async () => undefined,
      pollIntervalMs: 50,
      log: captureLog('silent').log,
      now: Date.now,
    },
    jobs: { 'cluster.list': waitsAfterLosingLock, 'cluster.status': failsWhileLockLapses },
    concurrency: 2,
    // Short, so the stall check finds the lock-less job quickly.
    lockDurationMs: 1000,
    stallLimit: 20,
    followUp: async (cleanUp) => {
      followUps.push(cleanUp.requestId);
    },
  });
});
after(async () => {
  await worker.close(true);
  await commands.close();
  await cleanPrefix(redis, settings.prefix);
  await redis.quit();
});

test('a run that lost its lock reports nothing; the run that took the job over finishes it', { timeout: 30_000 }, async () => {
  await commands.add('cluster.list', request('waits-1', 'cluster.list'), { jobId: 'waits-1', attempts: 3 });
  await pollUntil(
    () => progress.some((p) => p.requestId === 'waits-1' && p.state === 'succeeded'),
    () => `progress: ${JSON.stringify(progress)}`,
    20_000,
    50,
  );
  assert.equal(runs['waits-1'], 2, 'the job ran once more, in the run that took it over');
  assert.deepEqual(
    progress.filter((p) => p.requestId === 'waits-1' && p.state !== 'running').map((p) => p.state),
    ['succeeded'],
    'never reported as failed',
  );
  assert.equal(told.filter((t) => t.requestId === 'waits-1').length, 0, 'no failure DM');
  assert.deepEqual(followUps, [], 'nothing queued for clean-up');
});

test('a job whose give-up began never runs again: a re-run repeats only the report', { timeout: 30_000 }, async () => {
  await commands.add('cluster.status', request('fails-1', 'cluster.status'), { jobId: 'fails-1', attempts: 1 });
  await pollUntilAsync(
    async () => (await commands.getJobState('fails-1')) === 'failed',
    () => `runs: ${runs['fails-1']}; told: ${JSON.stringify(told)}`,
    20_000,
    50,
  );
  assert.equal(runs['fails-1'], 1, 'the job itself ran once');
  assert.ok(told.filter((t) => t.requestId === 'fails-1').length >= 2, 'its report was repeated by the re-run');
  assert.ok(
    told.filter((t) => t.requestId === 'fails-1').every((t) => t.message.lines[0]?.key === 'job.error.unexpected'),
    'with the same reason',
  );
  assert.deepEqual(new Set(followUps), new Set(['fails-1-cleanup']), 'the one clean-up, queued under its own id');
});
