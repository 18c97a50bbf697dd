import assert from 'node:assert/strict';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { after, before, test } from 'node:test';
import { text } from '../../src/i18n/text.js';
import type { CommandJob } from '../../src/jobs/command-job.js';
import { runCommandWorker } from '../../src/jobs/run-command-worker.js';
import { message, type Message, type Progress } from '../../src/messages/model.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import { createCommandsQueue, type QueueSettings } from '../../src/queue/queues.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { captureLog } from '../support/capture-log.js';
import { pollUntil } from '../support/poll-until.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

/**
 * Whatever ends a request unfinished reaches the requester and the channel the same way: its
 * progress message closes as failed (in the channel) and the requester gets the reason. Here: a
 * confirmation nobody gave in time, and an exception nobody expected.
 */
let redis: Redis;
let settings: QueueSettings;
let commands: Queue;
let worker: Worker;
const progress: { requestId: string; state: Progress['state']; summary?: string }[] = [];
const told: { requestId: string; key: string; message: Message }[] = [];
let ran = 0;

const job: CommandJob = {
  title: () => text('cluster.list.title'),
  steps: [{ id: 'one', label: text('cluster.list.title') }],
  async run() {
    ran += 1;
    throw new TypeError('cannot read properties of undefined');
  },
};

const recording: Notifier = {
  progress: async (request, snapshot) => {
    progress.push({
      requestId: request.requestId,
      state: snapshot.state,
      ...(snapshot.summary ? { summary: snapshot.summary.key } : {}),
    });
  },
  toConversation: async () => {},
  toRequester: async (request, key, sent) => {
    told.push({ requestId: request.requestId, key, message: sent });
  },
};

const request = (requestId: string, gated: boolean): ChatRequest => ({
  requestId,
  command: { kind: 'cluster.list' },
  requester: { platform: 'console', userId: 'alice', locale: 'en' },
  conversation: { platform: 'console', channelId: '#console' },
  receivedAt: Date.now(),
  ...(gated ? { gate: { token: 'expired-token' } } : {}),
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
      pollIntervalMs: 100,
      log: captureLog('silent').log,
      now: Date.now,
    },
    jobs: { 'cluster.list': job },
    concurrency: 2,
    lockDurationMs: 5000,
    stallLimit: 20,
    followUp: () => Promise.reject(new Error('nothing to clean up')),
    gate: async (r) =>
      r.gate
        ? {
            kind: 'closed',
            code: 'confirmation.expired',
            message: message('warning', [text('spend.outcome.confirmExpired', { summary: 'x' })]),
          }
        : { kind: 'proceed' },
  });
});
after(async () => {
  await worker.close(true);
  await commands.close();
  await cleanPrefix(redis, settings.prefix);
  await redis.quit();
});

test('an expired confirmation and an unexpected exception each close the progress as failed and tell the requester once', async () => {
  await commands.add('cluster.list', request('expired-1', true), { jobId: 'expired-1', attempts: 1 });
  await commands.add('cluster.list', request('broken-1', false), { jobId: 'broken-1', attempts: 1 });
  await pollUntil(
    () => told.length === 2,
    () => `told: ${JSON.stringify(told)}`,
    15_000,
    50,
  );

  assert.equal(ran, 1, 'the expired request never ran');
  for (const [requestId, reason] of [
    ['expired-1', 'spend.outcome.confirmExpired'],
    ['broken-1', 'job.error.unexpected'],
  ] as const) {
    const closing = progress.filter((p) => p.requestId === requestId && p.state !== 'running');
    assert.deepEqual(closing, [{ requestId, state: 'failed', summary: reason }], `${requestId}: the channel sees it failed`);
    const dms = told.filter((t) => t.requestId === requestId);
    assert.deepEqual(
      dms.map((t) => [t.key, t.message.lines[0]?.key]),
      [['final', reason]],
      `${requestId}: the requester is told once`,
    );
  }
});
