import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CHANNEL, describeCalls, startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

/**
 * Slack answers HTTP 429 with Retry-After: 1 to the next several chat.postMessage and chat.update
 * calls while a cluster is created. Messages are delayed, never lost: the progress message still
 * reaches its final state (edited in place), and the channel note and the ready DM still arrive.
 */
describe('Slack end to end: a 429 storm', () => {
  let h: SlackHarness;
  before(async () => {
    // ~5 s per create, so the 3 s coalesced progress edits run into the storm too.
    h = await startSlackHarness({ env: { GPUBOT_EMULATOR_TIME_SCALE: '120' } });
  });
  after(async () => {
    await h.stop();
  });

  test('rate-limited posts and edits are retried after Retry-After; nothing is lost', async () => {
    h.slack.rateLimitNext('chat.postMessage', 5, 1);
    h.slack.rateLimitNext('chat.update', 3, 1);
    const ack = await h.slash('/gpu-cluster', 'create 2 gn5 name=storm');
    assert.equal(ack.status, 200);
    assert.ok(ack.elapsedMs < 3000);

    await h.waitFor(
      () => h.slack.calls.filter((c) => c.method === 'chat.update').length >= 4,
      'progress edits beyond the three rate-limited ones',
      20_000,
    );
    await h.waitFor(
      () =>
        [...h.slack.messages.values()].some(
          (m) => m.channel === 'D0ALICE01' && /Your cluster storm is ready/.test(String(m.text)),
        ),
      'the ready DM',
      20_000,
    );
    await h.bot.waitUntilIdle();

    const posts = h.slack.callsTo('chat.postMessage');
    assert.ok(posts.length >= 5 + 3, `the 5 refused posts were retried:\n${describeCalls(posts)}`);
    const channelMessages = [...h.slack.messages.values()].filter((m) => m.channel === CHANNEL);
    const progress = channelMessages.filter((m) => /— (In progress|Succeeded|Failed)/.test(String(m.text)));
    assert.equal(progress.length, 1, 'still one progress message');
    assert.match(String(progress[0]?.text), /GPU cluster storm: .* — Succeeded/);
    assert.ok(
      channelMessages.some((m) => /GPU cluster storm for alice is ready/.test(String(m.text))),
      'the channel note arrived',
    );
    const dms = [...h.slack.messages.values()].filter((m) => m.channel.startsWith('D'));
    assert.equal(dms.length, 1, 'the DM arrived exactly once');
    // Retries waited for Retry-After (1 s) instead of hammering Slack.
    const at = posts.map((c) => c.at);
    assert.ok((at.at(-1) ?? 0) - (at[0] ?? 0) >= 1000);
  });
});
