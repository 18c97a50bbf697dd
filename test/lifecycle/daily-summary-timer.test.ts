import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { after, before, test } from 'node:test';
import { createPreferences } from '../../src/bot/preferences.js';
import type { Requester } from '../../src/chat/port.js';
import { createClusterRecords } from '../../src/lifecycle/cluster-records.js';
import { createDailySummaries, summaryRequestId } from '../../src/lifecycle/daily-summaries.js';
import { scaledClock } from '../../src/lifecycle/lifecycle-clock.js';
import { jobIds, LIFECYCLE_QUEUE } from '../../src/lifecycle/lifecycle-jobs.js';
import { createPeople } from '../../src/lifecycle/people.js';
import { createSummaryOwners } from '../../src/lifecycle/summary-owners.js';
import { localDate, nextTimeOfDay } from '../../src/lifecycle/time-of-day.js';
import { COMMANDS_QUEUE } from '../../src/queue/queues.js';
import { DEFAULT_RETENTION } from '../../src/queue/retention.js';
import { captureLog } from '../support/capture-log.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

/**
 * The summary timer against a real Redis and real BullMQ queues: one pending timer per owner
 * however often they are enrolled, one summary job per owner and local day however often the
 * timer fires, and an owner with nothing running gets nothing and leaves the rota.
 */
const redis = testRedis();
const prefix = testPrefix();
const clock = scaledClock(1, 0);
const ZONE = 'Asia/Kolkata';
const AT = { hour: 9, minute: 30 };
let lifecycle: Queue;
let commands: Queue;
let notebooks = 0;

const person = (userId: string): Requester => ({ platform: 'slack', userId, locale: 'en', tenantId: 'T1' });
const conversation = { platform: 'slack' as const, channelId: 'C0GPU' };

before(() => {
  lifecycle = new Queue(LIFECYCLE_QUEUE, { connection: redis, prefix });
  commands = new Queue(COMMANDS_QUEUE, { connection: redis, prefix });
});
after(async () => {
  await lifecycle.close();
  await commands.close();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

function summaries() {
  return createDailySummaries({
    owners: createSummaryOwners(redis, prefix),
    records: createClusterRecords(redis, prefix),
    clock,
    people: createPeople(createPreferences(redis, prefix), ZONE),
    queue: lifecycle,
    commands,
    notebookCount: () => Promise.resolve(notebooks),
    retention: DEFAULT_RETENTION,
    at: AT,
    log: captureLog().log,
  });
}

test('enrolling twice keeps one timer, due at the next summary time in the owner’s zone', async () => {
  const daily = summaries();
  const owner = { owner: 'slack:U0ONE', requester: person('U0ONE'), conversation };
  await daily.enroll(owner);
  await daily.enroll(owner);
  const job = await lifecycle.getJob(jobIds.summary('slack:U0ONE'));
  assert.ok(job, 'a timer');
  assert.equal(await job.getState(), 'delayed');
  const due = job.timestamp + (job.delay ?? 0);
  const expected = nextTimeOfDay(Date.now(), ZONE, AT);
  assert.ok(Math.abs(due - expected) < 5000, `due ${new Date(due).toISOString()}, expected ${new Date(expected).toISOString()}`);
  assert.equal((await lifecycle.getDelayed()).length, 1);
});

test('a due timer queues the day’s summary once, however often it fires, and waits for the next day', async () => {
  const daily = summaries();
  await createClusterRecords(redis, prefix).track({
    clusterId: 'c-two',
    regionId: 'cn-hangzhou',
    name: 'two',
    owner: 'slack:U0TWO',
    requester: person('U0TWO'),
    conversation,
    requestId: 'req-two',
    createdAt: Date.now(),
    ttlMs: 3_600_000,
    expiresAt: Date.now() + 3_600_000,
  });
  await daily.enroll({ owner: 'slack:U0TWO', requester: person('U0TWO'), conversation });
  const first = await daily.run('slack:U0TWO');
  const second = await daily.run('slack:U0TWO');
  assert.deepEqual(first, { at: nextTimeOfDay(clock.now(), ZONE, AT) });
  assert.ok(second && 'at' in second && second.at > Date.now());
  const id = summaryRequestId('slack:U0TWO', localDate(Date.now(), ZONE));
  const job = await commands.getJob(id);
  assert.equal(job?.data.command.kind, 'cluster.summary');
  assert.equal(job?.data.command.timeZone, ZONE);
  assert.equal(job?.data.origin, 'summary');
  assert.equal(
    (await commands.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.name === 'cluster.summary').length,
    1,
  );
});

test('an owner with nothing running gets no summary and leaves the rota; a notebook keeps them in it', async () => {
  const daily = summaries();
  const owners = createSummaryOwners(redis, prefix);
  await daily.enroll({ owner: 'slack:U0NONE', requester: person('U0NONE'), conversation });
  notebooks = 1;
  assert.ok(await daily.run('slack:U0NONE'), 'a notebook is something running');
  notebooks = 0;
  const before = (await commands.getJobs(['waiting', 'delayed', 'prioritized'])).length;
  assert.equal(await daily.run('slack:U0NONE'), undefined);
  assert.equal(await owners.get('slack:U0NONE'), undefined, 'dropped');
  // The notebook's summary of today was queued already; nothing more.
  assert.equal((await commands.getJobs(['waiting', 'delayed', 'prioritized'])).length, before);
});
