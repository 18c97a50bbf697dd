import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newTriggerId, signSlackBody } from '../fakes/slack/signed-request.js';
import { keysWithPrefix, testRedis } from '../support/test-redis.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

/** What reaches the HTTP receiver before the core: forged, stale and repeated requests. */
describe('Slack end to end: forged, stale and repeated requests', () => {
  let h: SlackHarness;
  before(async () => {
    h = await startSlackHarness();
  });
  after(async () => {
    await h.stop();
  });

  const readyDms = () =>
    h.slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && /^D/.test(String(c.args.channel)) && /is ready/.test(String(c.args.text)),
    );

  test('a bad signature is refused with 401 and nothing is queued or stored', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    const forged = await h.slash('/gpu-cluster', 'create 2 gn5 name=forged', {
      signature: signSlackBody('not-the-signing-secret', nowSec, 'whatever'),
    });
    assert.equal(forged.status, 401);
    const unsigned = await h.slash('/gpu-cluster', 'create 2 gn5 name=unsigned', { signature: null });
    assert.equal(unsigned.status, 401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await h.commandJobs(), 0);
    const redis = testRedis();
    try {
      assert.deepEqual(
        (await keysWithPrefix(redis, h.prefix)).filter((key) => /:(delivery|confirm):/.test(key)),
        [],
      );
    } finally {
      await redis.quit();
    }
    assert.deepEqual(
      h.slack.calls.filter((c) => c.method !== 'auth.test'),
      [],
    );
    assert.deepEqual(h.slack.responses, []);
  });

  test('a correctly signed but stale request (6 minutes old) is refused with 401', async () => {
    const stale = await h.slash('/gpu-cluster', 'create 2 gn5 name=stale', { timestampSec: Math.floor(Date.now() / 1000) - 360 });
    assert.equal(stale.status, 401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await h.commandJobs(), 0);
  });

  test('bad input is answered in the ack, only to the invoker, with the usage; nothing is queued', async () => {
    const ack = await h.slash('/gpu-cluster', 'create 0 gn5');
    assert.equal(ack.status, 200);
    assert.ok(ack.elapsedMs < 3000);
    const body = ack.json<{ response_type: string; text: string }>();
    assert.equal(body.response_type, 'ephemeral');
    assert.match(body.text, /\/gpu-cluster create/, 'names the usage');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await h.commandJobs(), 0);
    assert.deepEqual(
      h.slack.calls.filter((c) => !['auth.test', 'users.info'].includes(c.method)),
      [],
      'nothing posted to the channel (the only calls: learning the workspace and who is asking)',
    );
  });

  test('the same invocation delivered twice (same trigger_id) runs once', async () => {
    const triggerId = newTriggerId();
    const first = await h.slash('/gpu-cluster', 'create 2 gn5 name=twice', { triggerId });
    assert.equal(first.status, 200);
    assert.match(first.json<{ text: string }>().text, /Queued: GPU cluster twice/);
    const again = await h.slash('/gpu-cluster', 'create 2 gn5 name=twice', { triggerId });
    assert.equal(again.status, 200);
    assert.equal(again.body, '', 'a re-delivery is acked with nothing to show');

    await h.waitFor(() => readyDms().length >= 1, 'the ready DM');
    await h.bot.waitUntilIdle();
    assert.equal(await h.commandJobs(), 1);
    assert.equal(h.bot.emulator?.cloud.clusters().filter((c) => c.name === 'twice').length, 1);
    assert.equal(readyDms().length, 1);
  });

  test('two deliveries racing each other (same trigger_id) still create one cluster', async () => {
    const triggerId = newTriggerId();
    const answers = await Promise.all([
      h.slash('/gpu-cluster', 'create 2 gn5 name=race', { triggerId }),
      h.slash('/gpu-cluster', 'create 2 gn5 name=race', { triggerId }),
    ]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200],
    );
    for (const answer of answers) assert.ok(answer.elapsedMs < 3000);
    await h.waitFor(() => readyDms().length >= 2, 'the second ready DM');
    await h.bot.waitUntilIdle();
    assert.equal(h.bot.emulator?.cloud.clusters().filter((c) => c.name === 'race').length, 1);
    assert.equal(readyDms().filter((c) => /race/.test(String(c.args.text))).length, 1);
    assert.equal(await h.commandJobs(), 2);
  });
});
