import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSlackReceiver, type SlackReceiver } from '../../../src/chat/slack/create-slack-receiver.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { blockActionPayload, newTriggerId, slashCommandFields } from '../../fakes/slack/signed-request.js';
import { memoryLogger, RecordingCore } from './helpers.js';

describe('Slack receiver, Socket Mode', () => {
  let slack: FakeSlack;
  let receiver: SlackReceiver;
  const core = new RecordingCore();
  const { logger, lines } = memoryLogger();

  before(async () => {
    slack = await FakeSlack.start();
    receiver = createSlackReceiver(
      {
        botToken: slack.botToken,
        signingSecret: 'unused-in-socket-mode',
        appToken: slack.appToken,
        apiUrl: slack.apiUrl,
        port: 0,
      },
      logger,
    );
    await receiver.start(core);
    await slack.waitForSocket();
  });

  after(async () => {
    await receiver.stop();
    await slack.close();
  });

  it('opens the connection with the app token through SLACK_API_URL, after one auth.test that learns the workspace', () => {
    assert.equal(slack.callsTo('apps.connections.open').length, 1);
    assert.equal(slack.callsTo('auth.test').length, 1);
    assert.deepEqual(receiver.directory?.homeTenants(), [slack.teamId]);
    assert.equal(receiver.port, undefined);
  });

  it('delivers a slash command envelope to the core and acks it with the ephemeral reply', async () => {
    const fields = slashCommandFields({
      command: '/notebook',
      text: 'start --gpus 1',
      userId: 'U0SOCKET',
      responseUrl: slack.responseUrl(),
    });
    const started = Date.now();
    const ack = await slack.pushEnvelope('slash_commands', fields);
    assert.ok(Date.now() - started < 3000);
    assert.equal(core.commands.length, 1);
    assert.equal(core.commands[0]?.text, '/notebook start --gpus 1');
    assert.equal(core.commands[0]?.deliveryId, fields.trigger_id);
    assert.equal(core.commands[0]?.requester.userId, 'U0SOCKET');
    assert.equal(ack.payload?.response_type, 'ephemeral');
    assert.equal(ack.payload?.text, 'queued: /notebook start --gpus 1');
  });

  it('acks a re-delivered envelope (same trigger_id) with no message', async () => {
    const triggerId = newTriggerId();
    const fields = slashCommandFields({
      command: '/gpu-cluster',
      text: 'list',
      userId: 'U0SOCKET',
      triggerId,
      responseUrl: slack.responseUrl(),
    });
    await slack.pushEnvelope('slash_commands', fields);
    const again = await slack.pushEnvelope('slash_commands', fields);
    assert.deepEqual(again.payload ?? {}, {});
  });

  it('forwards a button press envelope and replaces the original message', async () => {
    const payload = blockActionPayload({
      actionId: 'gpubot_cancel',
      value: 'c-7',
      userId: 'U0PRESSER',
      responseUrl: slack.responseUrl('socket-press'),
    });
    await slack.pushEnvelope('interactive', payload);
    await slack.waitFor(() => slack.responses.some((r) => r.id === 'socket-press'));
    assert.equal(core.actions.at(-1)?.requester.userId, 'U0PRESSER');
    assert.equal(core.actions.at(-1)?.actionId, 'cancel');
    assert.equal(slack.responses.find((r) => r.id === 'socket-press')?.body.replace_original, true);
  });

  it('never logs the app token', () => {
    assert.ok(!lines.join('\n').includes(slack.appToken));
  });
});
