import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newTriggerId, slashCommandFields } from '../fakes/slack/signed-request.js';
import { CHANNEL, startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

/** SLACK_APP_TOKEN set: the whole bot connects over Socket Mode (apps.connections.open + WebSocket). */
describe('Slack end to end: Socket Mode', () => {
  let h: SlackHarness;
  before(async () => {
    h = await startSlackHarness({ socketMode: true });
    await h.slack.waitForSocket();
  });
  after(async () => {
    await h.stop();
  });

  test('opens the connection with the app token and serves no HTTP port', () => {
    assert.equal(h.slack.callsTo('apps.connections.open').length, 1);
    assert.equal((h.bot.chat?.receiver as { port?: number } | undefined)?.port, undefined);
  });

  test('a slash command envelope is acked with the queued reply and its progress reaches the channel', async () => {
    const fields = slashCommandFields({
      command: '/gpu-cluster',
      text: 'create 2 gn5 name=sock',
      userId: 'U0ALICE01',
      userName: 'alice',
      channelId: CHANNEL,
      triggerId: newTriggerId(),
      responseUrl: h.slack.responseUrl(),
    });
    const started = Date.now();
    const ack = await h.slack.pushEnvelope('slash_commands', fields);
    assert.ok(Date.now() - started < 3000, 'acked within Slack deadline');
    assert.equal(ack.payload?.response_type, 'ephemeral');
    assert.match(String(ack.payload?.text), /Queued: GPU cluster sock with 2 × ecs\.gn5-/);

    await h.waitFor(
      () =>
        [...h.slack.messages.values()].some(
          (m) => m.channel === 'D0ALICE01' && /Your cluster sock is ready/.test(String(m.text)),
        ),
      'the ready DM',
    );
    await h.bot.waitUntilIdle();
    const progress = [...h.slack.messages.values()].filter(
      (m) => m.channel === CHANNEL && /— (In progress|Succeeded|Failed)/.test(String(m.text)),
    );
    assert.equal(progress.length, 1);
    assert.match(String(progress[0]?.text), /GPU cluster sock: .* — Succeeded/);

    // The same envelope pushed again (a reconnect replay) is acked empty and runs nothing new.
    const replay = await h.slack.pushEnvelope('slash_commands', fields);
    assert.deepEqual(replay.payload ?? {}, {});
    assert.equal(await h.commandJobs(), 1);
  });
});
