import { recordFigures } from '../faults/support/figures.js';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Queue } from 'bullmq';
import { verbatim } from '../../src/i18n/text.js';
import { message, type Progress } from '../../src/messages/model.js';
import { createOutboxNotifier, type Notifier } from '../../src/outbox/notifier.js';
import { deliveryRecordKey } from '../../src/outbox/delivery-records.js';
import { createSealer } from '../../src/outbox/seal.js';
import { createOutboxQueue } from '../../src/queue/queues.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { DEFAULT_RETENTION } from '../../src/queue/retention.js';
import { FakeSlack, type HeldCall } from '../fakes/slack/fake-slack.js';
import { pollUntil } from '../support/poll-until.js';
import { cleanPrefix, testPrefix, testRedis, TEST_REDIS_ENV } from '../support/test-redis.js';
import { spawnGpubot, type WorkerProcess } from '../support/worker-process.js';

/**
 * The bot process (which runs the outbox) is killed with SIGKILL while a message is in flight:
 * after Slack posted it but before its answer was recorded, or before Slack acted on it at all.
 * A second bot process takes the delivery over. Every message exists exactly once in Slack.
 */
const SECRET_KEY = 'bot-crash-sealing-key';
const CHANNEL = 'C0CRASH01';
const ALICE = 'U0ALICE01';

describe('bot killed between sending and recording a message', () => {
  const redis = testRedis();
  const prefix = testPrefix();
  const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-bot-crash-'));
  let slack: FakeSlack;
  let outbox: Queue;
  let notifier: Notifier;
  let bot: WorkerProcess;
  const outputs: string[] = [];

  const startBot = () =>
    spawnGpubot({
      GPUBOT_ROLE: 'bot',
      GPUBOT_CHAT: 'slack',
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: 'bot-crash-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      GPUBOT_QUEUE_PREFIX: prefix,
      GPUBOT_SECRET_KEY: SECRET_KEY,
      GPUBOT_STATE_DIR: stateDir,
      GPUBOT_JOB_LOCK_MS: '1000',
      LOG_LEVEL: 'debug',
      ...TEST_REDIS_ENV,
    });

  before(async () => {
    slack = await FakeSlack.start();
    outbox = createOutboxQueue({ connection: redis, prefix }, 'slack');
    notifier = createOutboxNotifier({
      redis,
      prefix,
      outbox: () => outbox,
      sealer: createSealer(SECRET_KEY),
      coalesceMs: { slack: 0, dingtalk: 0, console: 0 },
      retention: DEFAULT_RETENTION,
    });
    bot = startBot();
  });
  after(async () => {
    await bot.stop();
    await outbox.close();
    await slack.close();
    await cleanPrefix(redis, prefix);
    await redis.quit();
    rmSync(stateDir, { recursive: true, force: true });
  });

  let requests = 0;
  function request(): ChatRequest {
    requests += 1;
    return {
      requestId: `crash${requests}-${prefix}`,
      command: { kind: 'cluster.list' },
      requester: { platform: 'slack', userId: ALICE, displayName: 'alice', locale: 'en' },
      conversation: { platform: 'slack', channelId: CHANNEL },
      receivedAt: Date.now(),
    };
  }

  /** Kills the bot once `held` reached Slack, then starts another one; waits until `id` is recorded as sent. */
  /** Bots killed between sending a message and recording it; each message was asserted once. */
  let kills = 0;

  async function killWhileHeld(held: HeldCall, id: string): Promise<void> {
    await held.arrived;
    await bot.kill();
    kills += 1;
    outputs.push(bot.output());
    held.release();
    bot = startBot();
    let state: string | null = null;
    const deadline = Date.now() + 30_000;
    while (state !== 'sent') {
      if (Date.now() > deadline) throw new Error(`${id} was not delivered after the restart:\n${bot.output().slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await redis.hget(deliveryRecordKey(prefix, id), 'state');
    }
  }

  test('a channel post whose answer was lost is found, not posted again (twice)', async () => {
    for (let round = 0; round < 2; round += 1) {
      const r = request();
      const id = `${r.requestId}-conversation-final`;
      const held = slack.hold('chat.postMessage', 'processed');
      await notifier.toConversation(r, 'final', message('success', [verbatim(`cluster ${round} is ready`)]));
      await killWhileHeld(held, id);
      assert.equal(slack.markedMessages(id).length, 1, 'exactly one channel post');
      assert.equal(slack.markedMessages(id)[0]?.channel, CHANNEL);
    }
    assert.ok(slack.callsTo('conversations.history').length >= 2, 'the new bot looked before posting');
  });

  test('private messages (one sealed, with a secret) whose answers were lost arrive once (three times)', async () => {
    for (let round = 0; round < 3; round += 1) {
      const r = request();
      const id = `${r.requestId}-private-final`;
      const held = slack.hold('chat.postMessage', 'processed');
      await notifier.toRequester(r, 'final', message('success', [verbatim(`password pw-${round}-s3cret`)]), {
        secret: round === 0,
      });
      await killWhileHeld(held, id);
      assert.equal(slack.markedMessages(id).length, 1, 'exactly one DM');
      assert.equal(slack.markedMessages(id)[0]?.channel, `D${ALICE.slice(1)}`);
    }
  });

  test('a message that never reached Slack before the kill is posted once by the next bot', async () => {
    const r = request();
    const id = `${r.requestId}-private-final`;
    const held = slack.hold('chat.postMessage', 'received');
    await notifier.toRequester(r, 'final', message('info', [verbatim('late but once')]));
    await killWhileHeld(held, id);
    assert.equal(slack.markedMessages(id).length, 1);
  });

  test('a progress message whose post was lost is found and edited to the newest state', async () => {
    const r = request();
    const progress = (state: Progress['state']): Progress => ({
      title: verbatim('GPU cluster crash'),
      steps: [{ id: 'create', label: verbatim('create'), state: state === 'running' ? 'running' : 'done' }],
      state,
      startedAt: Date.now(),
      updatedAt: Date.now(),
    });
    const held = slack.hold('chat.postMessage', 'processed');
    await notifier.progress(r, progress('running'));
    await held.arrived;
    await notifier.progress(r, progress('succeeded'));
    await bot.kill();
    kills += 1;
    outputs.push(bot.output());
    held.release();
    bot = startBot();
    const id = `${r.requestId}-progress`;
    await pollUntil(
      () => /Succeeded/.test(String(slack.markedMessages(id)[0]?.text)),
      () => `the progress message did not reach its final state:\n${bot.output().slice(-3000)}`,
      30_000,
    );
    assert.equal(slack.markedMessages(id).length, 1, 'exactly one progress message');
  });

  test('nothing secret was logged by any of the bots', () => {
    recordFigures({
      scenario: 'bot kill -9 between send and mark (Slack)',
      requests: kills,
      faults: { 'bot kill -9': kills },
      outcomes: { 'messages delivered once': kills, 'found, not posted again': 6 },
    });
    const logs = [...outputs, bot.output()].join('\n');
    assert.ok(!logs.includes('pw-0-s3cret'), 'the sealed password is not in the logs');
    assert.ok(!logs.includes(slack.botToken), 'the bot token is not in the logs');
  });
});
