import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { jobIds } from '../../src/lifecycle/lifecycle-jobs.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { testRedis } from '../support/test-redis.js';

/**
 * The daily summary on the emulator's compressed clock (3000×: a day is 28.8 real seconds): at
 * GPUBOT_SUMMARY_AT in the owner's time zone (the console's is GPUBOT_DEFAULT_TIMEZONE) the owner
 * gets one private message a day with their clusters — since when, spend, expiry, buttons — and
 * their running notebooks.
 */
const SCALE = 3000;
const HOUR = 3_600_000;
const ZONE = 'Asia/Shanghai';
const redis = testRedis();
let h: ConsoleHarness;

/** The time of day in ZONE `ahead` from now, as HH:MM. */
function clockIn(ahead: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(Date.now() + ahead),
  );
}

before(async () => {
  h = await startConsoleHarness({
    GPUBOT_EMULATOR_TIME_SCALE: String(SCALE),
    GPUBOT_CLUSTER_TTL: '5d',
    GPUBOT_CLUSTER_MAX_TTL: '7d',
    GPUBOT_SUMMARY_AT: clockIn(4 * HOUR),
    GPUBOT_DEFAULT_TIMEZONE: ZONE,
  });
});
after(async () => {
  await h.stop();
  await redis.quit();
});

const TITLE =
  /\[private to alice\] ℹ Your gpubot summary for (\d{4}-\d{2}-\d{2}): (\d+) cluster\(s\), (\d+) notebook\(s\) running/g;

function summaries(): { day: string; clusters: number; notebooks: number; at: number }[] {
  return [...h.output().matchAll(TITLE)].map((m) => ({
    day: m[1] ?? '',
    clusters: Number(m[2]),
    notebooks: Number(m[3]),
    at: m.index,
  }));
}

test('each day at GPUBOT_SUMMARY_AT the owner gets one summary of what runs, with buttons', { timeout: 150_000 }, async () => {
  const watch = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=daily');
  await watch.waitFor(/\[private to alice\] ✅ Your cluster daily is ready/, 30_000);
  const [first] = await h.waitFor(
    /\[private to alice\] ℹ Your gpubot summary for \d{4}-\d{2}-\d{2}: 1 cluster\(s\)[^]*\[Delete daily now\][^\n]*\n/,
    40_000,
  );
  assert.match(first, /Cluster daily \(cn-hangzhou\): running since \d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai/);
  assert.match(first, /Spend so far: \d+\.\d{2} CNY \(\d+\.\d{2} CNY an hour\)/);
  assert.match(first, /Expires at \d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai, in \d+d/);
  assert.match(first, /\[Extend daily 2h\] \/gpu-cluster extend daily 2h/);
  assert.match(first, /\[Extend daily 8h\] \/gpu-cluster extend daily 8h/);
  assert.match(first, /\[Delete daily now\] \/gpu-cluster delete daily/);

  const notebook = sendAndWatch(h, '/notebook start cluster=daily name=nbd');
  await notebook.waitFor(/\[private to alice\] ✅ Your notebook nbd is ready/, 40_000);
  const firstDay = summaries()[0]?.day ?? '';
  const [next] = await h.waitFor(
    new RegExp(
      `\\[private to alice\\] ℹ Your gpubot summary for (?!${firstDay})\\d{4}-\\d{2}-\\d{2}: 1 cluster\\(s\\), 1 notebook\\(s\\)[^]*\\[Delete daily now\\]`,
    ),
    60_000,
  );
  assert.match(next, /Notebook nbd on daily: 1 GPU\(s\), running since \d{4}-\d{2}-\d{2} \d{2}:\d{2} Asia\/Shanghai/);

  const days = summaries().map((s) => s.day);
  assert.equal(new Set(days).size, days.length, `one summary a day: ${days.join(', ')}`);
  const timer = await h.bot.settings.connection.exists(`${h.prefix}:lifecycle:${jobIds.summary('console:alice')}`);
  assert.equal(timer, 1, "the owner's timer waits for the next day");
});
