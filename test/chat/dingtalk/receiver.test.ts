import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDingTalkReceiver } from '../../../src/chat/dingtalk/dingtalk-receiver.js';
import type { ChatReceiver, CoreHandlers } from '../../../src/chat/port.js';
import { FakeDingTalk } from '../../fakes/dingtalk/fake-dingtalk.js';
import { captureLogger, recordingCore, settingsFor, waitFor } from './helpers.js';

const fast = { backoff: { baseMs: 20, maxMs: 200 }, keepAliveMs: 0, stableAfterMs: 0 };

describe('DingTalk receiver', () => {
  let fake: FakeDingTalk;
  let receiver: ChatReceiver;
  const core = recordingCore();
  const { logger, lines } = captureLogger();

  before(async () => {
    fake = await FakeDingTalk.start();
    receiver = createDingTalkReceiver(settingsFor(fake), logger, fast);
    await receiver.start(core);
  });
  after(async () => {
    await receiver.stop();
    await fake.close();
  });

  it('opens the gateway at the configured API URL with the robot CALLBACK subscription', () => {
    const open = fake.gatewayOpens[0];
    assert.equal(open?.clientId, fake.clientId);
    assert.deepEqual(open?.subscriptions, [{ type: 'CALLBACK', topic: '/v1.0/im/bot/messages/get' }]);
    assert.equal(fake.stream.openConnections, 1);
  });

  it('acks a group message, hands the core clean text and the right ids, and replies @-mentioning the sender', async () => {
    const message = fake.robotMessage({ text: { content: '@gpubot\u2005／gpu-cluster  create 2 gn5 ' } });
    const frameId = fake.pushRobotMessage(message);
    await waitFor(() => fake.webhookPosts.length === 1, 'the webhook reply');
    const ack = fake.stream.acks.find((a) => a.headers.messageId === frameId);
    assert.ok(ack, 'callback acked');
    assert.equal(ack.code, 200);
    assert.equal(ack.data, JSON.stringify({ response: null }));

    const command = core.commands.at(-1);
    assert.equal(command?.text, '/gpu-cluster create 2 gn5');
    assert.equal(command?.deliveryId, message.msgId);
    assert.deepEqual(command?.requester, {
      platform: 'dingtalk',
      userId: '16650001698',
      displayName: '张三',
      locale: 'zh-CN',
      tenantId: 'dingcorp0001',
    });
    assert.equal(command?.hostTenantId, 'dingcorp0001', "the robot's own organisation, from chatbotCorpId");
    assert.equal(command?.conversation.channelId, message.conversationId);
    assert.deepEqual(command?.conversation.extra, {
      conversationType: '2',
      robotCode: fake.robotCode,
      sessionWebhook: message.sessionWebhook,
      sessionWebhookExpiredTime: String(message.sessionWebhookExpiredTime),
      senderStaffId: '16650001698',
    });
    const post = fake.webhookPosts[0]?.body as { msgtype: string; markdown: { text: string }; at: unknown };
    assert.equal(post.msgtype, 'markdown');
    assert.match(post.markdown.text, /ok: \/gpu-cluster create 2 gn5/);
    assert.deepEqual(post.at, { atUserIds: ['16650001698'], isAtAll: false });
    // The mention renders only when the text names each id in at.atUserIds.
    assert.match(post.markdown.text, /(^|\s)@16650001698$/);
  });

  it('runs a redelivered message (same msgId) once and replies once', async () => {
    const before = core.commands.length;
    const posts = fake.webhookPosts.length;
    const message = fake.robotMessage({ text: { content: 'notebook start' } });
    const first = fake.pushRobotMessage(message);
    const second = fake.pushRobotMessage(message);
    await waitFor(() => [first, second].every((id) => fake.stream.acks.some((a) => a.headers.messageId === id)), 'both acks');
    await waitFor(() => fake.webhookPosts.length === posts + 1, 'one reply');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(core.commands.length, before + 1);
    assert.equal(core.commands.at(-1)?.text, '/notebook start');
    assert.equal(fake.webhookPosts.length, posts + 1);
  });

  it('replies nothing when the core says the delivery was already handled', async () => {
    const posts = fake.webhookPosts.length;
    const handled: CoreHandlers = { command: async () => null, action: async () => null };
    const other = createDingTalkReceiver(settingsFor(fake), logger, fast);
    await other.start(handled);
    try {
      const frameId = fake.pushRobotMessage(fake.robotMessage({ conversationType: '1' }));
      await waitFor(() => fake.stream.acks.some((a) => a.headers.messageId === frameId), 'the ack');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(fake.webhookPosts.length, posts);
    } finally {
      await other.stop();
    }
  });

  it('answers pictures and voice with a short help reply', async () => {
    const posts = fake.webhookPosts.length;
    const commands = core.commands.length;
    const { text: _text, ...picture } = fake.robotMessage({
      msgtype: 'picture',
      content: { downloadCode: 'abc', pictureDownloadCode: 'def' },
    });
    fake.pushRobotMessage(picture);
    await waitFor(() => fake.webhookPosts.length === posts + 1, 'the help reply');
    const post = fake.webhookPosts.at(-1)?.body as { markdown: { title: string; text: string } };
    assert.equal(post.markdown.title, 'gpubot 使用说明');
    assert.match(post.markdown.text, /我只能识别文字命令/);
    assert.match(post.markdown.text, /\/gpu-cluster create 2 gn5/);
    assert.equal(core.commands.length, commands);
  });

  it('echoes SYSTEM ping frames', async () => {
    const id = fake.stream.sendPing('opaque-123');
    await waitFor(() => fake.stream.pingReplies.some((r) => r.headers.messageId === id), 'the ping echo');
    const reply = fake.stream.pingReplies.find((r) => r.headers.messageId === id);
    assert.equal(reply?.code, 200);
    assert.deepEqual(JSON.parse(reply?.data ?? '{}'), { opaque: 'opaque-123' });
  });

  it('reconnects after the socket drops and receives again', async () => {
    const opened = fake.stream.connectionsOpened;
    fake.stream.dropConnections();
    await waitFor(() => fake.stream.connectionsOpened === opened + 1 && fake.stream.openConnections === 1, 'the reconnect');
    const commands = core.commands.length;
    fake.pushRobotMessage(fake.robotMessage({ text: { content: '/gpu-cluster list' } }));
    await waitFor(() => core.commands.length === commands + 1, 'a command after the reconnect');
  });

  it('moves to a new connection when the server announces a disconnect', async () => {
    const opened = fake.stream.connectionsOpened;
    fake.stream.sendDisconnect();
    await waitFor(() => fake.stream.connectionsOpened === opened + 1 && fake.stream.openConnections === 1, 'the new connection');
    const commands = core.commands.length;
    fake.pushRobotMessage(fake.robotMessage({ text: { content: '/gpu-cluster list' } }));
    await waitFor(() => core.commands.length === commands + 1, 'a command on the new connection');
  });

  it('backs off while the gateway fails, then connects', async () => {
    fake.failGatewayOpens = 3;
    const opens = fake.gatewayOpens.length;
    const started = Date.now();
    fake.stream.dropConnections();
    await waitFor(
      () => fake.gatewayOpens.length === opens + 4 && fake.stream.openConnections === 1,
      'the reconnect after failures',
    );
    // Delays of at least 10 + 20 + 40 + 80 ms (half of each exponential step is fixed).
    assert.ok(Date.now() - started >= 150, `reconnected too fast: ${Date.now() - started} ms`);
  });

  it('never logs the app secret', () => {
    assert.ok(lines.length > 0);
    assert.ok(!lines.some((line) => line.includes(fake.clientSecret)));
  });
});

describe('DingTalk receiver start', () => {
  it('fails fast on a wrong AppSecret instead of retrying forever', async () => {
    const fake = await FakeDingTalk.start();
    try {
      const receiver = createDingTalkReceiver({ ...settingsFor(fake), clientSecret: 'wrong' }, captureLogger().logger, fast);
      await assert.rejects(
        receiver.start(recordingCore()),
        (error: Error & { retryable?: boolean }) => error.retryable === false,
      );
      await receiver.stop();
    } finally {
      await fake.close();
    }
  });
});
