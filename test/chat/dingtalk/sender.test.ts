import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDingTalkSender } from '../../../src/chat/dingtalk/dingtalk-sender.js';
import { GpubotError, RetryableError } from '../../../src/errors.js';
import type { ConversationRef, Requester } from '../../../src/chat/port.js';
import { verbatim } from '../../../src/i18n/text.js';
import type { Message, Progress } from '../../../src/messages/model.js';
import { FakeDingTalk, FAKE_WEBHOOK_EXPIRED_ERRCODE } from '../../fakes/dingtalk/fake-dingtalk.js';
import { captureLogger, settingsFor } from './helpers.js';

const hello: Message = { tone: 'info', lines: [verbatim('hello group')] };
const secret: Message = { tone: 'info', title: verbatim('Notebook password'), lines: [verbatim('pw-s3cret')] };
const alice: Requester = { platform: 'dingtalk', userId: 'staff-alice', displayName: 'Alice', locale: 'en' };

function groupConversation(
  fake: FakeDingTalk,
  options: { expiresInMs?: number; session?: string; type?: '1' | '2' } = {},
): ConversationRef {
  return {
    platform: 'dingtalk',
    channelId: 'cidGroup==',
    extra: {
      conversationType: options.type ?? '2',
      sessionWebhook: fake.webhookUrl(options.session),
      sessionWebhookExpiredTime: String(Date.now() + (options.expiresInMs ?? 5_400_000)),
      robotCode: fake.robotCode,
      senderStaffId: 'staff-alice',
    },
  };
}

describe('DingTalk sender', () => {
  let fake: FakeDingTalk;
  const { logger, lines } = captureLogger();

  before(async () => {
    fake = await FakeDingTalk.start();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.apiCalls.length = 0;
    fake.webhookPosts.length = 0;
    fake.tokenRequests.length = 0;
  });

  it('posts markdown to a valid sessionWebhook, without a token', async () => {
    const sender = createDingTalkSender(settingsFor(fake), logger);
    await sender.postToConversation(groupConversation(fake), hello, 'en');
    assert.equal(fake.webhookPosts.length, 1);
    assert.deepEqual(fake.webhookPosts[0]?.body, {
      msgtype: 'markdown',
      markdown: { title: 'hello group', text: 'hello group' },
    });
    assert.equal(fake.tokenRequests.length, 0);
  });

  it('falls back to groupMessages/send once the webhook has expired', async () => {
    const sender = createDingTalkSender(settingsFor(fake), logger);
    await sender.postToConversation(groupConversation(fake, { expiresInMs: 30_000 }), hello, 'en');
    assert.equal(fake.webhookPosts.length, 0);
    const [call] = fake.calls('/v1.0/robot/groupMessages/send');
    assert.ok(call?.token);
    assert.deepEqual(call.body, {
      robotCode: fake.robotCode,
      openConversationId: 'cidGroup==',
      msgKey: 'sampleMarkdown',
      msgParam: JSON.stringify({ title: 'hello group', text: 'hello group' }),
    });
  });

  it('falls back when the webhook itself answers that it expired', async () => {
    fake.expiredSessions.add('dead-session');
    const sender = createDingTalkSender(settingsFor(fake), logger);
    await sender.postToConversation(groupConversation(fake, { session: 'dead-session' }), hello, 'en');
    assert.equal(fake.calls('/v1.0/robot/groupMessages/send').length, 1);
    assert.ok(lines.some((line) => line.includes(String(FAKE_WEBHOOK_EXPIRED_ERRCODE))));
  });

  it('falls back to a one-to-one message for an expired one-to-one conversation', async () => {
    const sender = createDingTalkSender(settingsFor(fake), logger);
    await sender.postToConversation(groupConversation(fake, { expiresInMs: 0, type: '1' }), hello, 'en');
    assert.equal(fake.calls('/v1.0/robot/groupMessages/send').length, 0);
    assert.deepEqual(fake.calls('/v1.0/robot/oToMessages/batchSend')[0]?.body.userIds, ['staff-alice']);
  });

  it('a message whose buttons do not fit the two-button card (an expiry warning) goes as markdown with the commands', async () => {
    const sender = createDingTalkSender({ ...settingsFor(fake), actionCardTemplateId: 'tpl-actions' }, logger);
    const warning: Message = {
      tone: 'warning',
      lines: [verbatim('Cluster demo expires in 30m')],
      actions: [
        { id: 'extend-2h', label: verbatim('Extend 2h'), value: 'c1', command: '/gpu-cluster extend demo 2h' },
        { id: 'extend-8h', label: verbatim('Extend 8h'), value: 'c1', command: '/gpu-cluster extend demo 8h' },
        { id: 'delete-now', label: verbatim('Delete now'), value: 'c1', command: '/gpu-cluster delete demo' },
      ],
    };
    await sender.sendPrivate(alice, warning);
    assert.equal(fake.calls('/v1.0/card/instances/createAndDeliver').length, 0, 'no card');
    const [call] = fake.calls('/v1.0/robot/oToMessages/batchSend');
    const text = String(JSON.stringify(call?.body));
    assert.match(text, /\/gpu-cluster extend demo 2h/);
    assert.match(text, /\/gpu-cluster delete demo/);
  });

  it('sends private messages through batchSend with the token header, never to the group', async () => {
    const sender = createDingTalkSender(settingsFor(fake), logger);
    await sender.sendPrivate(alice, secret);
    const [call] = fake.calls('/v1.0/robot/oToMessages/batchSend');
    assert.ok(call?.token?.startsWith('token-'));
    if (!call) return;
    assert.equal(call.body.robotCode, fake.robotCode);
    assert.deepEqual(call.body.userIds, ['staff-alice']);
    assert.equal(call.body.msgKey, 'sampleMarkdown');
    const param = JSON.parse(String(call.body.msgParam)) as { title: string; text: string };
    assert.equal(param.title, 'Notebook password');
    assert.match(param.text, /pw-s3cret/);
    assert.equal(fake.webhookPosts.length, 0);
    assert.equal(fake.calls('/v1.0/robot/groupMessages/send').length, 0);
  });

  it('fetches the token once for many concurrent sends and refreshes it after a 401', async () => {
    const sender = createDingTalkSender(settingsFor(fake), logger);
    await Promise.all(Array.from({ length: 5 }, () => sender.sendPrivate(alice, hello)));
    await sender.sendPrivate(alice, hello);
    assert.equal(fake.tokenRequests.length, 1);
    fake.revokeTokens();
    await sender.sendPrivate(alice, hello);
    assert.equal(fake.tokenRequests.length, 2);
    const calls = fake.calls('/v1.0/robot/oToMessages/batchSend');
    assert.equal(calls.length, 8, 'six sends, plus the 401 and its retry');
  });

  it('refreshes the token shortly before it expires', async () => {
    let clock = Date.now();
    const sender = createDingTalkSender(settingsFor(fake), logger, { now: () => clock });
    await sender.sendPrivate(alice, hello);
    clock += (7200 - 301) * 1000;
    await sender.sendPrivate(alice, hello);
    assert.equal(fake.tokenRequests.length, 1);
    clock += 2000;
    await sender.sendPrivate(alice, hello);
    assert.equal(fake.tokenRequests.length, 2);
  });

  it('reports a flow-controlled user as retryable, and delivers on the retry', async () => {
    const sender = createDingTalkSender(settingsFor(fake), logger);
    fake.flowControlled.set('staff-alice', 1);
    await assert.rejects(sender.sendPrivate(alice, secret), (error: unknown) => {
      assert.ok(error instanceof RetryableError);
      assert.equal(error.code, 'chat.flow_controlled');
      // DingTalk says nothing about how long: the outbox's gate for this user decides the pause.
      assert.equal(error.retryAfterMs, undefined);
      return true;
    });
    await sender.sendPrivate(alice, secret);
  });

  it('reports an invalid user as a non-retryable error', async () => {
    const sender = createDingTalkSender(settingsFor(fake), logger);
    fake.invalidUsers.add('staff-gone');
    await assert.rejects(sender.sendPrivate({ ...alice, userId: 'staff-gone' }, hello), (error: unknown) => {
      assert.ok(error instanceof GpubotError);
      assert.equal(error.retryable, false);
      assert.equal(error.code, 'chat.dingtalk.invalid_user');
      assert.match(error.message, /staff-gone/);
      return true;
    });
  });

  it('maps a 4xx with a DingTalk code to a non-retryable error carrying the code', async () => {
    const sender = createDingTalkSender({ ...settingsFor(fake), robotCode: 'someone-elses-robot' }, logger);
    await assert.rejects(sender.sendPrivate(alice, hello), (error: unknown) => {
      assert.ok(error instanceof GpubotError);
      assert.equal(error.retryable, false);
      assert.equal(error.code, 'chat.dingtalk.invalidParameter.robotCode.auth');
      return true;
    });
  });

  it('treats an unreachable DingTalk as retryable', async () => {
    const sender = createDingTalkSender({ ...settingsFor(fake), apiUrl: 'http://127.0.0.1:1' }, logger);
    await assert.rejects(sender.sendPrivate(alice, hello), (error: unknown) => error instanceof RetryableError);
  });

  it('posts a new markdown message per milestone when no card template is set', async () => {
    const sender = createDingTalkSender(settingsFor(fake), logger);
    assert.equal(sender.editsMessages, false);
    const progress: Progress = {
      title: verbatim('Creating cluster gpu-a'),
      steps: [],
      state: 'running',
      startedAt: 0,
      updatedAt: 1000,
    };
    const first = await sender.postProgress(groupConversation(fake), progress, 'en');
    await sender.postProgress(groupConversation(fake), { ...progress, state: 'succeeded' }, 'en', first);
    assert.equal(fake.webhookPosts.length, 2);
  });

  it('sends an interactive card and updates it in place when a card template is set', async () => {
    const sender = createDingTalkSender(settingsFor(fake, { cardTemplateId: 'StandardCard' }), logger);
    assert.equal(sender.editsMessages, true);
    const progress: Progress = {
      title: verbatim('Creating cluster gpu-a'),
      steps: [],
      state: 'running',
      startedAt: 0,
      updatedAt: 1000,
    };
    const posted = await sender.postProgress(groupConversation(fake), progress, 'zh-CN');
    const again = await sender.postProgress(groupConversation(fake), { ...progress, state: 'succeeded' }, 'zh-CN', posted);
    assert.deepEqual(again, posted);
    const [sent] = fake.calls('/v1.0/im/v1.0/robot/interactiveCards/send');
    assert.equal(sent?.body.cardTemplateId, 'StandardCard');
    assert.equal(sent?.body.openConversationId, 'cidGroup==');
    assert.equal(sent?.body.cardBizId, posted.messageId);
    const [updated] = fake.calls('/v1.0/im/robots/interactiveCards');
    assert.equal(updated?.method, 'PUT');
    assert.match(String(updated?.body.cardData), /已完成/);
    assert.equal(fake.webhookPosts.length, 0);
  });

  it('a progress card of an unconfirmed delivery is updated if it arrived, sent once if not', async () => {
    const sender = createDingTalkSender(settingsFor(fake, { cardTemplateId: 'StandardCard' }), logger);
    const progress: Progress = {
      title: verbatim('Creating cluster gpu-b'),
      steps: [],
      state: 'running',
      startedAt: 0,
      updatedAt: 1,
    };
    const ticket = { id: 'req-b-progress', since: Date.now(), unconfirmed: false };
    const posted = await sender.postProgress(groupConversation(fake), progress, 'en', undefined, ticket);
    // The answer was lost: the retry updates the card gpubot named, instead of sending a second one.
    const again = await sender.postProgress(groupConversation(fake), progress, 'en', undefined, { ...ticket, unconfirmed: true });
    assert.deepEqual(again, posted);
    assert.equal(fake.calls('/v1.0/im/v1.0/robot/interactiveCards/send').length, 1);
    assert.equal(fake.calls('/v1.0/im/robots/interactiveCards').at(-1)?.body.cardBizId, posted.messageId);

    // The earlier attempt never arrived: DingTalk refuses the update of an unknown card, so it is sent.
    const fresh = { id: 'req-c-progress', since: Date.now(), unconfirmed: true };
    const sent = await sender.postProgress(groupConversation(fake), progress, 'en', undefined, fresh);
    assert.equal(fake.calls('/v1.0/im/v1.0/robot/interactiveCards/send').length, 2);
    assert.equal(fake.calls('/v1.0/im/v1.0/robot/interactiveCards/send').at(-1)?.body.cardBizId, sent.messageId);
  });

  it('a markdown message of an unconfirmed delivery is sent again, and the log says it may be a duplicate', async () => {
    const sender = createDingTalkSender(settingsFor(fake), logger);
    await sender.postToConversation(groupConversation(fake), hello, 'en', { id: 'req-d', since: Date.now(), unconfirmed: true });
    assert.equal(fake.webhookPosts.length, 1);
    assert.ok(lines.some((line) => /cannot tell whether an earlier attempt arrived/.test(line)));
  });

  it('never logs the app secret or the access token', () => {
    assert.ok(!lines.some((line) => line.includes(fake.clientSecret) || line.includes('token-')));
  });
});
