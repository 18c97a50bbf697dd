import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CommandJob } from '../../src/jobs/command-job.js';
import { runCommandWorker } from '../../src/jobs/run-command-worker.js';
import { text } from '../../src/i18n/text.js';
import type { Progress } from '../../src/messages/model.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import { createCommandsQueue, type QueueSettings } from '../../src/queue/queues.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { captureLog } from '../support/capture-log.js';
import { pollUntil } from '../support/poll-until.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

/**
 * A waiting job's next run resumes its checklist from what the worker published last, without
 * reading it back; a worker that did not publish it (a restart, another worker) reads it, so the
 * message never goes back to an older state.
 */
let redis: Redis;
let settings: QueueSettings;
let commands: Queue;
const workers: Worker[] = [];
/** Stands in for the progress hash in Redis: what was published last, per request. */
const shown = new Map<string, Progress>();
const edits: Progress[] = [];
let reads = 0;
let runs = 0;

/** Waits four times, its step's detail changing on the second run only; done on the fifth. */
const waitingJob: CommandJob = {
  title: () => text('cluster.list.title'),
  steps: [{ id: 'resize', label: text('scale.step.resize') }],
  async run(context, progress) {
    runs += 1;
    await progress.start('resize', text('scale.stopping', { notebooks: runs >= 2 ? 'b' : 'a' }));
    if (runs < 5) return context.pollAgain(`run ${runs}`, { afterMs: 20 });
    return {};
  },
};

const notifier: Notifier = {
  progress: async (request, progress) => {
    shown.set(request.requestId, progress);
    edits.push(progress);
  },
  toConversation: async () => {},
  toRequester: async () => {},
};

function startWorker(): Worker {
  const worker = runCommandWorker({
    settings,
    deps: {
      notifier,
      lastProgress: async (requestId) => {
        reads += 1;
        return shown.get(requestId);
      },
      pollIntervalMs: 20,
      log: captureLog('warn').log,
      now: Date.now,
    },
    jobs: { 'cluster.list': waitingJob },
    concurrency: 1,
    lockDurationMs: 5_000,
    stallLimit: 20,
    followUp: () => Promise.reject(new Error('nothing to clean up')),
  });
  workers.push(worker);
  return worker;
}

const request: ChatRequest = {
  requestId: 'resume-1',
  command: { kind: 'cluster.list' },
  requester: { platform: 'console', userId: 'alice', locale: 'en' },
  conversation: { platform: 'console', channelId: '#console' },
  receivedAt: Date.now(),
};

before(async () => {
  redis = testRedis();
  settings = { connection: redis, prefix: testPrefix() };
  commands = createCommandsQueue(settings);
});
after(async () => {
  for (const worker of workers) await worker.close();
  await commands.close();
  await cleanPrefix(redis, settings.prefix);
  await redis.quit();
});

test('one worker reads its waiting job’s progress once; a new worker reads it again; each change is one edit', async () => {
  const first = startWorker();
  await commands.add('cluster.list', request, { jobId: request.requestId });
  await pollUntil(
    () => runs >= 3,
    () => `${runs} runs`,
  );
  await first.close();
  assert.equal(reads, 1, 'the runs after the first resume from the worker’s own snapshot');
  startWorker();
  await pollUntil(
    () => edits.at(-1)?.state === 'succeeded',
    () => `${runs} runs, ${edits.length} edits`,
  );
  assert.equal(reads, 2, 'the second worker read what the first published');
  // Started, changed once, finished: the unchanged runs (on either worker) made no edit.
  assert.deepEqual(
    edits.map((edit) => edit.state),
    ['running', 'running', 'succeeded'],
  );
});
