import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FakeSlackCall } from '../fakes/slack/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { testRedis } from '../support/test-redis.js';
import { recordNamed } from './helpers.js';

/**
 * One summary per owner, each on their own clock: two Slack users in time zones 13 hours apart
 * (users.info `tz`) each get their own private summary of their own cluster at GPUBOT_SUMMARY_AT
 * local time, once a day; a summary's named button extends the cluster it names. The emulator's
 * clock runs 3000× (a day is 28.8 real seconds).
 */
const HOUR = 3_600_000;
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const redis = testRedis();
let h: SlackHarness;

before(async () => {
  const at = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(Date.now() + 4 * HOUR));
  h = await startSlackHarness({
    env: { GPUBOT_SUMMARY_AT: at, GPUBOT_CLUSTER_TTL: '5d', GPUBOT_CLUSTER_MAX_TTL: '7d' },
  });
  h.slack.users.set(ALICE, { tz: 'Asia/Shanghai', real_name: 'Alice' });
  h.slack.users.set(BOB, { tz: 'America/New_York', real_name: 'Bob' });
});
after(async () => {
  await h.stop();
  await redis.quit();
});

const SUMMARY = /Your gpubot summary for (\d{4}-\d{2}-\d{2})/;
const everything = (call: FakeSlackCall) => JSON.stringify(call.args);
const summariesTo = (user: string) =>
  h.slack.calls.filter(
    (call) => call.method === 'chat.postMessage' && call.args.channel === `D${user.slice(1)}` && SUMMARY.test(everything(call)),
  );

test('each owner gets their own summary at the summary time on their own clock, once a day', { timeout: 150_000 }, async () => {
  await h.slash('/gpu-cluster', 'create 1 gn5 name=alice-c', { userId: ALICE, userName: 'alice' });
  await h.slash('/gpu-cluster', 'create 1 gn5 name=bob-c', { userId: BOB, userName: 'bob' });
  await h.waitFor(() => summariesTo(ALICE).length >= 1 && summariesTo(BOB).length >= 1, 'a summary to each owner', 60_000);

  const alice = everything(summariesTo(ALICE)[0] as FakeSlackCall);
  const bob = everything(summariesTo(BOB)[0] as FakeSlackCall);
  assert.match(alice, /Cluster alice-c \(cn-hangzhou\): running since \d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai/);
  assert.doesNotMatch(alice, /bob-c/);
  assert.match(bob, /Cluster bob-c \(cn-hangzhou\): running since \d{4}-\d{2}-\d{2} \d{2}:\d{2} America\/New_York/);
  assert.doesNotMatch(bob, /alice-c/);
  assert.match(alice, /"action_id":"gpubot_extend-2h\.1"/);
  assert.match(alice, /Extend alice-c 2h/);

  // The button names its cluster: pressing it extends that cluster.
  const record = await recordNamed(redis, h.prefix, 'alice-c');
  assert.ok(record);
  const pressed = await h.press('gpubot_extend-2h.1', record.clusterId, ALICE, 'press-extend', 'alice');
  assert.equal(pressed.status, 200);
  await h.waitFor(() => h.slack.responses.some((r) => r.id === 'press-extend'), 'the answer to the press');
  const extended = await recordNamed(redis, h.prefix, 'alice-c');
  assert.equal(extended?.expiresAt, record.expiresAt + 2 * HOUR);

  // A day later each has exactly one more; never two on one day.
  await h.waitFor(() => summariesTo(ALICE).length >= 2 && summariesTo(BOB).length >= 2, 'the next day', 60_000);
  for (const user of [ALICE, BOB]) {
    const days = summariesTo(user).map((call) => SUMMARY.exec(everything(call))?.[1]);
    assert.equal(new Set(days).size, days.length, `${user}: one summary a day (${days.join(', ')})`);
  }
});
