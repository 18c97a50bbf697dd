import { recordFigures } from '../faults/support/figures.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeSlack, FakeSlackCall } from '../fakes/slack/fake-slack.js';
import { CHANNEL, describeCalls, startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

/**
 * Slack misbehaves while clusters are created: HTTP 429 with Retry-After, or 503 for seconds on
 * end. Messages are delayed, never lost or doubled; while Slack is down gpubot probes it at a
 * bounded rate (one call per gate and pause, shared by every delivery) instead of every delivery
 * retrying on its own; once Slack answers again, what waited goes out within seconds.
 */
const ALICE_DM = 'D0ALICE01';
const textOf = (call: FakeSlackCall) => String(call.args.text ?? '');
const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

/** Each request's messages, as Slack holds them: one progress message, one channel note, one DM. */
function assertEachOnce(slack: FakeSlack, clusters: readonly string[]): void {
  const stored = [...slack.messages.values()];
  for (const name of clusters) {
    const progress = stored.filter((m) => m.channel === CHANNEL && new RegExp(`GPU cluster ${name}: .* — `).test(String(m.text)));
    assert.equal(progress.length, 1, `one progress message for ${name}`);
    assert.match(String(progress[0]?.text), /— Succeeded/, `the progress of ${name} shows the end`);
    const notes = stored.filter(
      (m) => m.channel === CHANNEL && new RegExp(`GPU cluster ${name} for alice is ready`).test(String(m.text)),
    );
    assert.equal(notes.length, 1, `one ready note for ${name}`);
    const dms = stored.filter((m) => m.channel === ALICE_DM && new RegExp(`Your cluster ${name} is ready`).test(String(m.text)));
    assert.equal(dms.length, 1, `one ready DM for ${name}`);
    // In order: the progress message shows the end before the note is posted.
    const finalShown = slack.calls.findIndex(
      (c) => c.status === 200 && new RegExp(`GPU cluster ${name}: .* — Succeeded`).test(textOf(c)),
    );
    const noted = slack.calls.findIndex(
      (c) => c.status === 200 && new RegExp(`GPU cluster ${name} for alice is ready`).test(textOf(c)),
    );
    assert.ok(finalShown >= 0 && finalShown < noted, `${name}: the final progress precedes the ready note`);
  }
}

/** Calls Slack refused with `status` between `from` and `to` (ms epoch). */
const refusedBetween = (slack: FakeSlack, status: number, from: number, to: number) =>
  slack.calls.filter((c) => c.status === status && c.at >= from && c.at < to);

describe('Slack end to end: rate limits and outages', () => {
  let h: SlackHarness;
  before(async () => {
    h = await startSlackHarness({ env: { GPUBOT_EMULATOR_TIME_SCALE: '600' } });
  });
  after(async () => {
    await h.stop();
  });

  async function createAll(clusters: readonly string[]): Promise<void> {
    for (const name of clusters) {
      const ack = await h.slash('/gpu-cluster', `create 1 gn5 name=${name}`);
      assert.equal(ack.status, 200);
      assert.ok(ack.elapsedMs < 3000);
    }
  }

  async function waitForAllDms(clusters: readonly string[], timeoutMs: number): Promise<number> {
    await h.waitFor(
      () =>
        clusters.every((name) =>
          [...h.slack.messages.values()].some(
            (m) => m.channel === ALICE_DM && new RegExp(`Your cluster ${name} is ready`).test(String(m.text)),
          ),
        ),
      'every ready DM',
      timeoutMs,
    );
    return Date.now();
  }

  test('rate-limited posts and edits wait for Retry-After and are retried; nothing is lost', async () => {
    await h.slash('/gpu-cluster', 'create 2 gn5 name=storm');
    // Once the progress message exists, Slack starts refusing posts and edits for a while.
    await h.waitFor(
      () => h.slack.calls.some((c) => c.status === 200 && /GPU cluster storm: /.test(textOf(c))),
      'the progress message',
    );
    const from = Date.now();
    h.slack.failFor('chat.postMessage', 2500, 429, 1);
    h.slack.failFor('chat.update', 2500, 429, 1);
    await waitForAllDms(['storm'], 20_000);
    await h.bot.waitUntilIdle();
    assertEachOnce(h.slack, ['storm']);
    const refused = refusedBetween(h.slack, 429, from, from + 2500);
    assert.ok(refused.length >= 1, 'Slack did refuse calls');
    // Retry-After: 1 per gate: at most a handful of calls per second reach the limited Slack.
    assert.ok(refused.length <= 4 * 3, `calls during the limit:\n${describeCalls(refused)}`);
  });

  test('Slack answering 503 for 8 s: bounded probing, everything delivered once within seconds after', async () => {
    const clusters = names('down', 6);
    const from = Date.now();
    const outageMs = 8000;
    h.slack.failFor('*', outageMs, 503);
    await createAll(clusters);
    const recovered = from + outageMs;
    await waitForAllDms(clusters, outageMs + 25_000);
    await h.bot.waitUntilIdle();
    assertEachOnce(h.slack, clusters);

    // A first burst of what was in flight, then one probe per pause (1 s, 2 s, then every 3 s).
    // The burst starts when the first delivery meets the outage, which a loaded machine delays.
    const burst = refusedBetween(h.slack, 503, from, recovered)[0]?.at ?? from;
    const settled = refusedBetween(h.slack, 503, burst + 1500, recovered);
    assert.ok(settled.length <= 4, `probes after the first burst:\n${describeCalls(settled)}`);
    const all = refusedBetween(h.slack, 503, from, recovered);
    assert.ok(all.length <= 20 + 4, `${all.length} calls reached Slack while it was down`);
    const drained = assertDrained(h.slack, recovered);
    recordFigures({
      scenario: 'Slack 503 for 8 s',
      requests: clusters.length,
      faults: { 'calls refused (503)': all.length },
      outcomes: {
        'delivered once': clusters.length,
        'first delivery ms after recovery': drained.firstMs,
        'backlog drained ms': drained.drainedMs,
      },
    });
  });

  test('Slack answering 429 (Retry-After: 2) to every call for 6 s: bounded, then delivered once', async () => {
    const clusters = names('busy', 4);
    const from = Date.now();
    const limitMs = 6000;
    h.slack.failFor('*', limitMs, 429, 2);
    await createAll(clusters);
    const recovered = from + limitMs;
    await waitForAllDms(clusters, limitMs + 25_000);
    await h.bot.waitUntilIdle();
    assertEachOnce(h.slack, clusters);

    // Gates are per method (and per channel for chat.postMessage): each lets one call through per Retry-After.
    const settled = refusedBetween(h.slack, 429, from + 1500, recovered);
    assert.ok(
      settled.length <= 5 * (limitMs / 2000 + 1),
      `calls during the limit after the first burst:\n${describeCalls(settled)}`,
    );
    const drained = assertDrained(h.slack, recovered);
    recordFigures({
      scenario: 'Slack 429 (Retry-After 2) for 6 s',
      requests: clusters.length,
      faults: { 'calls refused (429)': refusedBetween(h.slack, 429, from, recovered).length },
      outcomes: {
        'delivered once': clusters.length,
        'first delivery ms after recovery': drained.firstMs,
        'backlog drained ms': drained.drainedMs,
      },
    });
  });
});

/**
 * After recovery: the first delivery within one probe pause (3 s), and the rest at Slack's pace
 * for chat.postMessage, about one message per second per channel with bursts of five (so the
 * backlog of one channel drains at that rate, not faster and not minutes later).
 */
function assertDrained(slack: FakeSlack, recovered: number): { firstMs: number; drainedMs: number } {
  const delivered = slack.calls.filter((c) => c.status === 200 && c.at >= recovered && c.method === 'chat.postMessage');
  assert.ok(delivered.length > 0);
  const first = delivered[0]?.at ?? 0;
  assert.ok(first - recovered < 3500, `the first delivery came ${first - recovered} ms after recovery`);
  const channels = new Set(delivered.map((c) => String(c.args.channel)));
  for (const channel of channels) {
    const times = delivered.filter((c) => c.args.channel === channel).map((c) => c.at);
    for (let i = 0; i < times.length; i += 1) {
      for (let j = i + 5; j < times.length; j += 1) {
        const seconds = ((times[j] ?? 0) - (times[i] ?? 0)) / 1000;
        assert.ok(j - i + 1 <= 5 + seconds + 0.2, `${j - i + 1} posts to ${channel} within ${seconds} s`);
      }
    }
    const last = times.at(-1) ?? 0;
    const budget = 3500 + Math.max(0, times.length - 5) * 1000 + 2000;
    assert.ok(
      last - recovered < budget,
      `${channel}: the backlog of ${times.length} drained ${last - recovered} ms after recovery`,
    );
  }
  return { firstMs: first - recovered, drainedMs: Math.max(...delivered.map((c) => c.at)) - recovered };
}
