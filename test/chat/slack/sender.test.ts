import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConversationRef, Requester } from '../../../src/chat/port.js';
import { createSlackSender } from '../../../src/chat/slack/create-slack-sender.js';
import { GpubotError, RetryableError } from '../../../src/errors.js';
import { verbatim } from '../../../src/i18n/text.js';
import { message, type Progress } from '../../../src/messages/model.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { memoryLogger } from './helpers.js';

const channel: ConversationRef = { platform: 'slack', channelId: 'C0GPU', extra: { teamId: 'T0001' } };
const alice: Requester = { platform: 'slack', userId: 'U0ALICE', displayName: 'alice', locale: 'en' };

const progress = (state: Progress['state'], done: number): Progress => ({
  title: verbatim('Creating cluster gpu-1'),
  state,
  startedAt: 0,
  updatedAt: 125_000,
  steps: ['vpc', 'cluster', 'nodes'].map((id, i) => ({
    id,
    label: verbatim(id),
    state: i < done ? 'done' : i === done && state === 'running' ? 'running' : 'pending',
  })),
});

describe('Slack sender', () => {
  let slack: FakeSlack;
  const { logger, lines } = memoryLogger();
  let sender: ReturnType<typeof createSlackSender>;

  before(async () => {
    slack = await FakeSlack.start();
    sender = createSlackSender({ botToken: slack.botToken, signingSecret: 'unused', apiUrl: slack.apiUrl, port: 0 }, logger);
  });

  after(async () => {
    await slack.close();
  });

  it('posts progress once, then edits the same message in place with its blocks', async () => {
    const first = await sender.postProgress(channel, progress('running', 0), 'en');
    const second = await sender.postProgress(channel, progress('running', 2), 'en', first);
    const third = await sender.postProgress(channel, progress('succeeded', 3), 'en', second);
    assert.deepEqual(third, first);
    assert.equal(first.channelId, 'C0GPU');
    assert.equal(slack.callsTo('chat.postMessage').length, 1);
    const updates = slack.callsTo('chat.update');
    assert.equal(updates.length, 2);
    assert.equal(updates[1]?.args.ts, first.messageId);
    assert.equal(updates[1]?.args.channel, 'C0GPU');
    assert.ok(Array.isArray(updates[1]?.args.blocks), 'blocks are resent on update');
    const stored = slack.messages.get(`C0GPU/${first.messageId}`);
    assert.equal(stored?.updates, 2);
    assert.match(String(stored?.text), /Succeeded/);
  });

  it('posts a new progress message when the old one can no longer be edited', async () => {
    const gone = { channelId: 'C0GPU', messageId: '1.000001' };
    const posted = await sender.postProgress(channel, progress('running', 1), 'en', gone);
    assert.notEqual(posted.messageId, gone.messageId);
    assert.equal(slack.callsTo('chat.update').at(-1)?.args.ts, gone.messageId);
  });

  it('sends private messages through conversations.open into the D channel, never the channel', async () => {
    const before = slack.calls.length;
    await sender.sendPrivate(
      alice,
      message('success', [verbatim('Notebook ready')], {
        fields: [{ label: verbatim('Password'), value: verbatim('s3cr_t*pw') }],
      }),
    );
    const calls = slack.calls.slice(before);
    assert.deepEqual(
      calls.map((c) => c.method),
      ['conversations.open', 'chat.postMessage'],
    );
    assert.equal(calls[0]?.args.users, 'U0ALICE');
    assert.equal(calls[1]?.args.channel, 'D0ALICE');
    assert.match(JSON.stringify(calls[1]?.args.blocks), /`s3cr_t\*pw`/);
    assert.ok(!String(calls[1]?.args.text).includes('s3cr_t*pw'), 'the password is not in the notification text');
    assert.ok(!lines.join('\n').includes('s3cr_t*pw'), 'the password is not logged');
  });

  it('posts to the conversation', async () => {
    await sender.postToConversation(channel, message('info', [verbatim('Cluster gpu-1 deleted')]), 'en');
    const call = slack.callsTo('chat.postMessage').at(-1);
    assert.equal(call?.args.channel, 'C0GPU');
    assert.equal(call?.args.text, 'Cluster gpu-1 deleted');
  });

  it('maps HTTP 429 to a RetryableError carrying Retry-After', async () => {
    slack.rateLimitNext('chat.update', 1, 7);
    const posted = await sender.postProgress(channel, progress('running', 0), 'en');
    await assert.rejects(sender.postProgress(channel, progress('running', 1), 'en', posted), (error: unknown) => {
      assert.ok(error instanceof RetryableError);
      assert.equal(error.code, 'chat.rate_limited');
      assert.equal(error.retryAfterMs, 7000);
      return true;
    });
    // Nothing is lost: the outbox's retry goes through once the limit is over.
    await sender.postProgress(channel, progress('running', 1), 'en', posted);
    assert.equal(slack.messages.get(`C0GPU/${posted.messageId}`)?.updates, 1);
  });

  it('says clearly, and without retrying, when the bot is not in the channel', async () => {
    slack.channelsWithoutBot.add('G0PRIVATE');
    await assert.rejects(
      sender.postToConversation({ platform: 'slack', channelId: 'G0PRIVATE' }, message('info', [verbatim('hi')]), 'en'),
      (error: unknown) => {
        assert.ok(error instanceof GpubotError);
        assert.equal(error.retryable, false);
        assert.equal(error.code, 'chat.not_in_channel');
        assert.match(error.message, /invite/);
        assert.equal(error.userMessage?.key, 'slack.error.not_in_channel');
        return true;
      },
    );
  });

  it('treats Slack-side faults as retryable and other platform errors as final', async () => {
    slack.failNext('chat.postMessage', 'internal_error');
    await assert.rejects(
      sender.postToConversation(channel, message('info', [verbatim('x')]), 'en'),
      (e: unknown) => e instanceof RetryableError,
    );
    slack.failNext('chat.postMessage', 'msg_too_long');
    await assert.rejects(
      sender.postToConversation(channel, message('info', [verbatim('x')]), 'en'),
      (e: unknown) => e instanceof GpubotError && !e.retryable && e.code === 'chat.platform_error',
    );
  });

  it('maps a wrong token to a final auth error', async () => {
    const bad = createSlackSender({ botToken: 'xoxb-wrong', signingSecret: 'unused', apiUrl: slack.apiUrl, port: 0 }, logger);
    await assert.rejects(
      bad.postToConversation(channel, message('info', [verbatim('x')]), 'en'),
      (e: unknown) => e instanceof GpubotError && e.code === 'chat.auth' && !e.retryable,
    );
  });

  it('maps network failures to RetryableError', async () => {
    const down = createSlackSender(
      { botToken: 'xoxb-x', signingSecret: 'unused', apiUrl: 'http://127.0.0.1:9/api/', port: 0 },
      logger,
    );
    await assert.rejects(
      down.sendPrivate(alice, message('info', [verbatim('x')])),
      (e: unknown) => e instanceof RetryableError && e.code === 'chat.network',
    );
  });

  it('marks every new message with its delivery id (message metadata)', async () => {
    const ticket = { id: 'req1-conversation-final', since: Date.now(), unconfirmed: false };
    await sender.postToConversation(channel, message('info', [verbatim('marked')]), 'en', ticket);
    const call = slack.callsTo('chat.postMessage').at(-1);
    assert.deepEqual(call?.args.metadata, {
      event_type: 'gpubot_delivery',
      event_payload: { delivery_id: 'req1-conversation-final' },
    });
    assert.equal(slack.markedMessages('req1-conversation-final').length, 1);
  });

  it('an unconfirmed delivery that reached Slack is found in the history and not posted again', async () => {
    const since = Date.now();
    const ticket = { id: 'req2-private-final', since, unconfirmed: false };
    await sender.sendPrivate(alice, message('info', [verbatim('once')]), ticket);
    const posts = slack.callsTo('chat.postMessage').length;
    await sender.sendPrivate(alice, message('info', [verbatim('once')]), { ...ticket, unconfirmed: true });
    assert.equal(slack.callsTo('chat.postMessage').length, posts, 'not posted again');
    const lookup = slack.callsTo('conversations.history').at(-1);
    assert.equal(lookup?.args.channel, 'D0ALICE');
    assert.equal(lookup?.args.include_all_metadata, 'true');
    assert.ok(Number(lookup?.args.oldest) <= since / 1000, 'the lookup starts before the first attempt');
    assert.equal(slack.markedMessages('req2-private-final').length, 1);
  });

  it('an unconfirmed delivery that never reached Slack is posted once', async () => {
    const ticket = { id: 'req3-conversation-final', since: Date.now(), unconfirmed: true };
    await sender.postToConversation(channel, message('info', [verbatim('late')]), 'en', ticket);
    assert.equal(slack.markedMessages('req3-conversation-final').length, 1);
  });

  it('an unconfirmed progress post found in the history is edited to the newest state instead', async () => {
    const ticket = { id: 'req4-progress', since: Date.now(), unconfirmed: false };
    const first = await sender.postProgress(channel, progress('running', 0), 'en', undefined, ticket);
    const again = await sender.postProgress(channel, progress('running', 2), 'en', undefined, { ...ticket, unconfirmed: true });
    assert.deepEqual(again, first);
    const stored = slack.markedMessages('req4-progress');
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.updates, 1);
  });

  it('without history access (missing scope) it cannot tell, so it posts again: at least once, never lost', async () => {
    const ticket = { id: 'req5-conversation-final', since: Date.now(), unconfirmed: false };
    await sender.postToConversation(channel, message('info', [verbatim('twice')]), 'en', ticket);
    slack.failNext('conversations.history', 'missing_scope');
    await sender.postToConversation(channel, message('info', [verbatim('twice')]), 'en', { ...ticket, unconfirmed: true });
    assert.equal(slack.markedMessages('req5-conversation-final').length, 2);
    assert.ok(lines.some((line) => /cannot look for an unconfirmed delivery/.test(line)));
  });

  it('looks through several pages of a busy channel, and only since the first attempt', async () => {
    const ticket = { id: 'req6-conversation-final', since: Date.now(), unconfirmed: false };
    await sender.postToConversation({ ...channel, channelId: 'CBUSY' }, message('info', [verbatim('needle')]), 'en', ticket);
    for (let i = 0; i < 450; i += 1) {
      await sender.postToConversation({ ...channel, channelId: 'CBUSY' }, message('info', [verbatim(`hay ${i}`)]), 'en');
    }
    const lookups = slack.callsTo('conversations.history').length;
    await sender.postToConversation({ ...channel, channelId: 'CBUSY' }, message('info', [verbatim('needle')]), 'en', {
      ...ticket,
      unconfirmed: true,
    });
    assert.equal(slack.markedMessages('req6-conversation-final').length, 1);
    assert.equal(slack.callsTo('conversations.history').length - lookups, 3, 'three pages of 200');
  });

  it('never logs the bot token', () => {
    assert.ok(!lines.join('\n').includes(slack.botToken));
  });
});
