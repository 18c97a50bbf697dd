import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createSlackReceiver, type SlackReceiver } from '../../../src/chat/slack/create-slack-receiver.js';
import { verbatim } from '../../../src/i18n/text.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import {
  blockActionFields,
  newTriggerId,
  postSignedForm,
  signSlackBody,
  slashCommandFields,
} from '../../fakes/slack/signed-request.js';
import { memoryLogger, RecordingCore, reply } from './helpers.js';

const SECRET = 'test-signing-secret-0123456789';

describe('Slack receiver, HTTP mode', () => {
  let slack: FakeSlack;
  let receiver: SlackReceiver;
  let core: RecordingCore;
  let url: string;
  const { logger, lines } = memoryLogger();

  before(async () => {
    slack = await FakeSlack.start();
    receiver = createSlackReceiver({ botToken: slack.botToken, signingSecret: SECRET, apiUrl: slack.apiUrl, port: 0 }, logger, {
      host: '127.0.0.1',
      ackBudgetMs: 300,
    });
    core = new RecordingCore();
    await receiver.start(core);
    url = `http://127.0.0.1:${String(receiver.port)}/slack/events`;
  });

  after(async () => {
    await receiver.stop();
    await slack.close();
  });

  beforeEach(() => {
    core.commands.length = 0;
    core.actions.length = 0;
    core.delayMs = 0;
    core.fail = false;
  });

  const command = (text: string, extra: { triggerId?: string } = {}) =>
    slashCommandFields({
      command: '/gpu-cluster',
      text,
      userId: 'U2147483697',
      userName: 'steve',
      responseUrl: slack.responseUrl(),
      ...extra,
    });

  it('verifies the bot token once at startup', () => {
    assert.equal(slack.callsTo('auth.test').length, 1);
  });

  it('passes a signed slash command to the core once and acks ephemerally within the limit', async () => {
    const fields = command('create 2 gn5');
    const res = await postSignedForm(url, SECRET, fields);
    assert.equal(res.status, 200);
    assert.ok(res.elapsedMs < 3000, `ack took ${res.elapsedMs} ms`);
    assert.equal(core.commands.length, 1);
    assert.deepEqual(core.commands[0], {
      deliveryId: fields.trigger_id,
      text: '/gpu-cluster create 2 gn5',
      requester: { platform: 'slack', userId: 'U2147483697', displayName: 'steve', locale: 'en', tenantId: 'T0001' },
      conversation: { platform: 'slack', channelId: 'C2147483705', extra: { teamId: 'T0001' } },
    });
    assert.match(res.contentType ?? '', /application\/json/);
    const body = res.json<{ response_type: string; text: string; blocks: unknown[] }>();
    assert.equal(body.response_type, 'ephemeral');
    assert.equal(body.text, 'queued: /gpu-cluster create 2 gn5');
    assert.ok(body.blocks.length > 0);
  });

  it('sends just the command when there are no arguments', async () => {
    await postSignedForm(
      url,
      SECRET,
      slashCommandFields({ command: '/notebook', text: '  ', userId: 'U1', responseUrl: slack.responseUrl() }),
    );
    assert.equal(core.commands[0]?.text, '/notebook');
  });

  it('rejects a bad signature with 401 and does not call the core', async () => {
    const res = await postSignedForm(url, SECRET, command('delete prod'), {
      signature: signSlackBody('wrong-secret', Math.floor(Date.now() / 1000), 'x'),
    });
    assert.equal(res.status, 401);
    assert.equal(core.commands.length, 0);
  });

  it('rejects a request without a signature with 401', async () => {
    const res = await postSignedForm(url, SECRET, command('list'), { signature: null });
    assert.equal(res.status, 401);
    assert.equal(core.commands.length, 0);
  });

  it('rejects a stale (replayed) request with 401', async () => {
    const res = await postSignedForm(url, SECRET, command('list'), { timestampSec: Math.floor(Date.now() / 1000) - 6 * 60 });
    assert.equal(res.status, 401);
    assert.equal(core.commands.length, 0);
  });

  it('answers a duplicate delivery (same trigger_id) with an empty ack', async () => {
    const triggerId = newTriggerId();
    const first = await postSignedForm(url, SECRET, command('list', { triggerId }));
    const second = await postSignedForm(url, SECRET, command('list', { triggerId }));
    assert.equal(first.status, 200);
    assert.notEqual(first.body, '');
    assert.equal(second.status, 200);
    assert.equal(second.body, '');
    assert.equal(core.commands.length, 2);
  });

  it('acks with a short error when the core throws', async () => {
    core.fail = true;
    const res = await postSignedForm(url, SECRET, command('list'));
    assert.equal(res.status, 200);
    const body = res.json<{ response_type: string; text: string }>();
    assert.equal(body.response_type, 'ephemeral');
    assert.match(body.text, /could not take this request/);
  });

  it('acks a slow core with a holding reply and delivers the real one through response_url', async () => {
    core.delayMs = 600;
    const fields = command('create 2 gn5');
    const res = await postSignedForm(url, SECRET, fields);
    assert.ok(res.elapsedMs < 600, `ack took ${res.elapsedMs} ms`);
    assert.match(res.json<{ text: string }>().text, /Working on it/);
    const id = fields.response_url?.split('/').at(-1);
    await slack.waitFor(() => slack.responses.some((r) => r.id === id));
    const late = slack.responses.find((r) => r.id === id);
    assert.equal(late?.body.response_type, 'ephemeral');
    assert.equal(late?.body.text, 'queued: /gpu-cluster create 2 gn5');
  });

  it('forwards a button press with the presser as requester and replaces the buttons message', async () => {
    const fields = blockActionFields({
      actionId: 'gpubot_confirm',
      value: 'confirm-123',
      userId: 'U0PRESSER',
      responseUrl: slack.responseUrl('press-1'),
    });
    const res = await postSignedForm(url, SECRET, fields);
    assert.equal(res.status, 200);
    assert.equal(res.body, '');
    await slack.waitFor(() => slack.responses.some((r) => r.id === 'press-1'));
    const action = core.actions[0];
    assert.equal(action?.actionId, 'confirm');
    assert.equal(action?.value, 'confirm-123');
    assert.equal(action?.requester.userId, 'U0PRESSER');
    assert.equal(action?.conversation.channelId, 'C2147483705');
    const posted = slack.responses.find((r) => r.id === 'press-1');
    assert.equal(posted?.body.replace_original, true);
    assert.equal(posted?.body.text, 'done: confirm');
  });

  it('shows a refused press only to the presser and keeps the buttons', async () => {
    core.actionReply = () => reply('only the requester can confirm this', { rejected: true });
    const fields = blockActionFields({
      actionId: 'gpubot_confirm',
      value: 'confirm-9',
      userId: 'U0OTHER',
      responseUrl: slack.responseUrl('press-2'),
    });
    await postSignedForm(url, SECRET, fields);
    await slack.waitFor(() => slack.responses.some((r) => r.id === 'press-2'));
    const posted = slack.responses.find((r) => r.id === 'press-2');
    assert.equal(posted?.body.replace_original, false);
    assert.equal(posted?.body.response_type, 'ephemeral');
    core.actionReply = (action) => reply(`done: ${action.actionId}`);
  });

  it('renders confirm buttons in the ack', async () => {
    core.commandReply = () => ({
      ...reply('Delete cluster prod?', {
        actions: [{ id: 'confirm', label: verbatim('Delete'), value: 'c-1', style: 'danger' }],
      }),
    });
    const res = await postSignedForm(url, SECRET, command('delete prod'));
    const body = res.json<{ blocks: { type: string; elements?: { action_id: string; confirm?: unknown }[] }[] }>();
    const actions = body.blocks.find((b) => b.type === 'actions');
    assert.equal(actions?.elements?.[0]?.action_id, 'gpubot_confirm');
    assert.ok(actions?.elements?.[0]?.confirm);
    core.commandReply = (c) => reply(`queued: ${c.text}`);
  });

  it('never logs the signing secret or the bot token', () => {
    const all = lines.join('\n');
    assert.ok(!all.includes(SECRET));
    assert.ok(!all.includes(slack.botToken));
  });
});
