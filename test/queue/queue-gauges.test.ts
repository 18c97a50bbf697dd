import assert from 'node:assert/strict';
import { Queue, Worker } from 'bullmq';
import { after, test } from 'node:test';
import { RetryableError } from '../../src/errors.js';
import { createMetrics } from '../../src/metrics.js';
import { createOutboxQueue, type QueueSettings } from '../../src/queue/queues.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

const redis = testRedis();
const settings: QueueSettings = { connection: redis, prefix: testPrefix() };
const queues: Queue[] = [];
let worker: Worker | undefined;

function queue(create: () => Queue): Queue {
  const created = create();
  queues.push(created);
  return created;
}

after(async () => {
  await worker?.close();
  for (const created of queues) await created.close();
  await cleanPrefix(redis, settings.prefix);
  await redis.quit();
});

test('queue depth per state, outbox backlog and the age of the oldest undelivered message', async () => {
  const commands = queue(() => new Queue('commands', settings));
  const slack = queue(() => createOutboxQueue(settings, 'slack'));
  await commands.add('cluster.create', {});
  await slack.add('progress', {}, { timestamp: Date.now() - 90_000 });
  await slack.add('private', {}, { timestamp: Date.now() - 5_000 });
  await slack.add('conversation', {}, { delay: 60_000, timestamp: Date.now() - 120_000 });
  const metrics = createMetrics();
  metrics.watchQueues({ commands, outboxes: () => new Map([['slack', slack]]) });
  const body = await metrics.registry.metrics();
  assert.match(body, /gpubot_queue_jobs\{queue="commands",state="waiting"\} 1/);
  assert.match(body, /gpubot_queue_jobs\{queue="outbox-slack",state="waiting"\} 2/);
  assert.match(body, /gpubot_queue_jobs\{queue="outbox-slack",state="delayed"\} 1/);
  assert.match(body, /gpubot_outbox_backlog\{platform="slack"\} 3/);
  const age = Number(/gpubot_outbox_oldest_undelivered_seconds\{platform="slack"\} ([\d.]+)/.exec(body)?.[1]);
  assert.ok(age >= 120 && age < 180, `the delayed retry is the oldest: ${age}`);
});

test('deliveries and retries are counted by platform, retries by reason', async () => {
  const outbox = queue(() => new Queue('outbox-test-deliveries', settings));
  const metrics = createMetrics();
  let calls = 0;
  worker = new Worker(
    'outbox-test-deliveries',
    async () => {
      calls += 1;
      if (calls === 1) throw new RetryableError('chat.rate_limited', 'slow down', { retryAfterMs: 10 });
    },
    { connection: settings.connection, prefix: settings.prefix },
  );
  metrics.observeDeliveries(worker, 'dingtalk');
  const completed = new Promise((done) => worker?.once('completed', done));
  await outbox.add('private', {}, { attempts: 3, backoff: { type: 'fixed', delay: 10 } });
  await completed;
  const body = await metrics.registry.metrics();
  assert.match(body, /gpubot_chat_deliveries_total\{platform="dingtalk",outcome="delivered"\} 1/);
  assert.match(body, /gpubot_chat_delivery_retries_total\{platform="dingtalk",reason="chat.rate_limited"\} 1/);
});
