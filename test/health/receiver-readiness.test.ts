import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { createConsoleChat } from '../../src/chat/console/console-chat.js';
import { createDingTalkReceiver } from '../../src/chat/dingtalk/dingtalk-receiver.js';
import { createSlackReceiver } from '../../src/chat/slack/create-slack-receiver.js';
import { FakeDingTalk } from '../fakes/dingtalk/fake-dingtalk.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { captureLogger, recordingCore, settingsFor } from '../chat/dingtalk/helpers.js';
import { memoryLogger, RecordingCore } from '../chat/slack/helpers.js';
import { pollUntil } from '../support/poll-until.js';

/** What each receiver tells /readyz: whether commands can reach gpubot right now. */
describe('chat receiver readiness', () => {
  test('Slack HTTP mode: ready while listening', async () => {
    const slack = await FakeSlack.start();
    const settings = { botToken: slack.botToken, signingSecret: 's', apiUrl: slack.apiUrl, port: 0 };
    const receiver = createSlackReceiver(settings, memoryLogger().logger, {
      host: '127.0.0.1',
    });
    try {
      assert.deepEqual(receiver.readiness(), { ready: false, detail: 'not started' });
      await receiver.start(new RecordingCore());
      assert.deepEqual(receiver.readiness(), { ready: true, detail: `listening on port ${receiver.port} (/slack/events)` });
      await receiver.stop();
      assert.equal(receiver.readiness().ready, false);
    } finally {
      await receiver.stop();
      await slack.close();
    }
  });

  test('Slack Socket Mode: ready while connected, not while the connection is gone', async () => {
    const slack = await FakeSlack.start();
    const receiver = createSlackReceiver(
      {
        botToken: slack.botToken,
        signingSecret: 'unused',
        appToken: slack.appToken,
        apiUrl: slack.apiUrl,
        port: 0,
      },
      memoryLogger().logger,
    );
    try {
      await receiver.start(new RecordingCore());
      await slack.waitForSocket();
      await pollUntil(
        () => receiver.readiness().ready,
        () => JSON.stringify(receiver.readiness()),
        5000,
      );
      assert.equal(receiver.readiness().detail, 'Socket Mode connected');
      // Slack holds the reconnect back (rate limited), long enough to see it unready. The client
      // notices the close at once, or at its next missed ping (5 s) when busy.
      slack.rateLimitNext('apps.connections.open', 1, 2);
      slack.dropSockets();
      await pollUntil(
        () => !receiver.readiness().ready,
        () => 'still ready after the connection dropped',
        15_000,
      );
      assert.match(receiver.readiness().detail, /Socket Mode disconnected/);
      await pollUntil(
        () => receiver.readiness().ready,
        () => JSON.stringify(receiver.readiness()),
        20_000,
      );
    } finally {
      await receiver.stop();
      await slack.close();
    }
  });

  test('DingTalk: ready while the stream is connected, not while it cannot reconnect', async () => {
    const fake = await FakeDingTalk.start();
    const receiver = createDingTalkReceiver(settingsFor(fake), captureLogger().logger, {
      backoff: { baseMs: 20, maxMs: 100 },
      keepAliveMs: 0,
      stableAfterMs: 0,
    });
    try {
      await receiver.start(recordingCore());
      assert.deepEqual(receiver.readiness(), { ready: true, detail: 'stream connected' });
      fake.failGatewayOpens = 1_000_000;
      fake.stream.dropConnections();
      await pollUntil(
        () => !receiver.readiness().ready,
        () => 'still ready after the stream dropped',
        15_000,
      );
      assert.equal(receiver.readiness().detail, 'stream disconnected, reconnecting');
      fake.failGatewayOpens = 0;
      await pollUntil(
        () => receiver.readiness().ready,
        () => JSON.stringify(receiver.readiness()),
        5000,
      );
    } finally {
      await receiver.stop();
      await fake.close();
    }
  });

  test('console: ready once reading commands', async () => {
    const { receiver } = createConsoleChat({ input: new PassThrough(), output: new PassThrough(), user: 'u', locale: 'en' });
    assert.equal(receiver.readiness().ready, false);
    await receiver.start({ command: async () => null, action: async () => null });
    assert.deepEqual(receiver.readiness(), { ready: true, detail: 'reading commands' });
    await receiver.stop();
  });
});
