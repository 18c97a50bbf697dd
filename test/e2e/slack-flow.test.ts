import { X509Certificate } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeSlackCall } from '../fakes/slack/fake-slack.js';
import { CHANNEL, describeCalls, startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

/**
 * The whole bot with GPUBOT_CHAT=slack against the fake Slack, over Bolt's real HTTP receiver:
 * create → ready → notebook start → delete with confirmation buttons. The emulator runs slowly
 * enough (a create takes ~5 s) that the 3 s coalesced progress edits actually happen.
 */
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';
const ALICE_DM = `D${ALICE.slice(1)}`;

const isPost = (call: FakeSlackCall, channel: string) => call.method === 'chat.postMessage' && call.args.channel === channel;
const textOf = (call: FakeSlackCall) => String(call.args.text ?? '');
/** Progress messages: their plain-text fallback reads "<title> — <state> · …". */
const isProgress = (call: FakeSlackCall) => /— (In progress|Succeeded|Failed)/.test(textOf(call));

describe('Slack end to end: create, notebook, delete', () => {
  let h: SlackHarness;
  before(async () => {
    h = await startSlackHarness({ env: { GPUBOT_EMULATOR_TIME_SCALE: '120' } });
  });
  after(async () => {
    await h.stop();
  });

  test('/gpu-cluster create 2 gn5: ack < 3 s, one progress message edited in place, ready DM', async () => {
    const ack = await h.slash('/gpu-cluster', 'create 2 gn5 name=demo');
    assert.equal(ack.status, 200);
    assert.ok(ack.elapsedMs < 3000, `ack took ${ack.elapsedMs} ms (Slack's deadline is 3000 ms)`);
    const body = ack.json<{ response_type: string; text: string }>();
    assert.equal(body.response_type, 'ephemeral');
    assert.match(body.text, /Queued: GPU cluster demo with 2 × ecs\.gn5-/);

    await h.waitFor(
      () => h.slack.calls.some((c) => isPost(c, ALICE_DM) && /cluster demo is ready/.test(textOf(c))),
      'the ready DM',
      20_000,
    );
    await h.bot.waitUntilIdle();

    const progressPosts = h.slack.calls.filter((c) => isPost(c, CHANNEL) && isProgress(c));
    assert.equal(progressPosts.length, 1, `one progress message, got:\n${describeCalls(progressPosts)}`);
    const edited = [...h.slack.messages.values()].filter((m) => m.channel === CHANNEL && m.updates > 0);
    assert.equal(edited.length, 1, 'only the progress message is edited');
    const ts = edited[0]?.ts;
    const updates = h.slack.callsTo('chat.update');
    assert.ok(updates.length >= 1, 'progress was edited in place at least once');
    for (const update of updates) assert.deepEqual([update.args.channel, update.args.ts], [CHANNEL, ts]);
    assert.match(textOf(progressPosts[0] as FakeSlackCall), /In progress/);
    const final = h.slack.messages.get(`${CHANNEL}/${ts}`);
    assert.match(String(final?.text), /GPU cluster demo: 2 × ecs\.gn5-\S+ — Succeeded/);
    // Every edit resends the blocks (an edit with text only would drop them).
    for (const update of updates) assert.ok(Array.isArray(update.args.blocks) && update.args.blocks.length > 0);

    assert.ok(h.slack.calls.some((c) => c.method === 'conversations.open' && c.args.users === ALICE));
    const dms = h.slack.calls.filter((c) => c.method === 'chat.postMessage' && String(c.args.channel).startsWith('D'));
    assert.deepEqual(
      dms.map((c) => c.args.channel),
      [ALICE_DM],
      'the ready status goes to the requester only',
    );
    const readyNote = h.slack.calls.findIndex((c) => isPost(c, CHANNEL) && /GPU cluster demo for alice is ready/.test(textOf(c)));
    assert.ok(readyNote >= 0, 'the ready note is posted in the channel');
    const finalEdit = h.slack.calls.findIndex((c) => c.method === 'chat.update' && /Succeeded/.test(textOf(c)));
    assert.ok(finalEdit >= 0 && finalEdit < readyNote, 'the progress message shows the final state before the ready note');
  });

  test('/notebook start: URL in the channel, the password only in the DM', async () => {
    const before = h.slack.calls.length;
    const ack = await h.slash('/notebook', 'start name=nb1', { responseId: 'nb1-start' });
    assert.equal(ack.status, 200);
    assert.ok(ack.elapsedMs < 3000, `ack took ${ack.elapsedMs} ms`);
    await h.waitFor(
      () => h.slack.calls.slice(before).some((c) => isPost(c, ALICE_DM) && /Your notebook nb1 is ready/.test(textOf(c))),
      'the notebook DM',
    );
    await h.bot.waitUntilIdle();

    const clusterId = h.bot.emulator?.cloud.clusters().find((c) => c.name === 'demo')?.clusterId ?? '';
    const secret = h.bot.emulator?.kube.objects(clusterId).find((o) => o.kind === 'Secret' && o.name === 'nb1')?.body as {
      data: Record<string, string>;
    };
    const password = Buffer.from(secret.data.password ?? '', 'base64').toString('utf8');
    assert.ok(password.length >= 16, 'the notebook has a real password');

    const url = /https:\/\/nlb-[0-9a-z]+\.cn-hangzhou\.nlb\.aliyuncsslb\.com(:\d+)?/.exec(
      textOf(
        h.slack.calls.slice(before).find((c) => isPost(c, CHANNEL) && /notebook nb1 is running/.test(textOf(c))) as FakeSlackCall,
      ),
    )?.[0];
    assert.ok(url, 'the channel sees the notebook URL');

    const carrying = h.slack.calls.filter((c) => JSON.stringify(c.args).includes(password));
    assert.equal(carrying.length, 1, `the password travels once, got:\n${describeCalls(carrying)}`);
    assert.equal(carrying[0]?.method, 'chat.postMessage');
    assert.equal(carrying[0]?.args.channel, ALICE_DM);
    assert.ok(JSON.stringify(carrying[0]?.args).includes(url));
    assert.ok(!JSON.stringify(h.slack.responses).includes(password), 'never through response_url');
    assert.ok(!ack.body.includes(password), 'never in the ephemeral ack');
    assert.ok(!h.logs().includes(password), 'never logged');
    const fingerprint = new X509Certificate(Buffer.from(secret.data['tls.crt'] ?? '', 'base64')).fingerprint256;
    const withFingerprint = h.slack.calls.filter((c) => JSON.stringify(c.args).includes(fingerprint));
    assert.deepEqual(
      withFingerprint.map((c) => [c.method, c.args.channel]),
      [['chat.postMessage', ALICE_DM]],
      'the certificate fingerprint travels with the password, only in the DM',
    );
  });

  test('/gpu-cluster delete asks with buttons; a stranger cannot press them, the requester can', async () => {
    const ack = await h.slash('/gpu-cluster', 'delete demo');
    assert.ok(ack.elapsedMs < 3000);
    const body = ack.json<{
      response_type: string;
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    }>();
    assert.equal(body.response_type, 'ephemeral');
    const buttons = body.blocks.find((b) => b.type === 'actions')?.elements ?? [];
    assert.deepEqual(buttons.map((b) => b.action_id).sort(), ['gpubot_cancel', 'gpubot_confirm']);
    const confirm = buttons.find((b) => b.action_id === 'gpubot_confirm');
    assert.ok(confirm);
    const jobsBefore = await h.commandJobs();

    const stranger = await h.press('gpubot_confirm', confirm.value, BOB, 'press-bob', 'bob');
    assert.equal(stranger.status, 200);
    await h.waitFor(() => h.slack.responses.some((r) => r.id === 'press-bob'), 'the answer to bob');
    const toBob = h.slack.responses.find((r) => r.id === 'press-bob')?.body ?? {};
    assert.equal(toBob.response_type, 'ephemeral');
    assert.equal(toBob.replace_original, false, "the requester's buttons stay");
    assert.match(String(toBob.text), /Only alice, who asked, or a gpubot admin can answer this/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await h.commandJobs(), jobsBefore, "bob's press queued nothing");
    assert.equal(h.bot.emulator?.cloud.clusters().filter((c) => c.name === 'demo' && c.state === 'running').length, 1);

    const owner = await h.press('gpubot_confirm', confirm.value, ALICE, 'press-alice', 'alice');
    assert.equal(owner.status, 200);
    await h.waitFor(() => h.slack.responses.some((r) => r.id === 'press-alice'), 'the answer to alice');
    const toAlice = h.slack.responses.find((r) => r.id === 'press-alice')?.body ?? {};
    assert.equal(toAlice.replace_original, true, 'the buttons become the outcome');
    assert.match(String(toAlice.text), /Queued: delete cluster demo/);

    await h.waitFor(
      () =>
        h.slack.calls.some(
          (c) => isPost(c, ALICE_DM) && /Your cluster demo \(c\w+\) and its cloud resources are deleted/.test(textOf(c)),
        ),
      'the deleted DM',
    );
    await h.waitFor(
      () => h.slack.calls.some((c) => isPost(c, CHANNEL) && /Cluster demo was deleted at alice's request/.test(textOf(c))),
      'the deleted note in the channel',
    );
    assert.equal(h.bot.emulator?.cloud.clusters().filter((c) => c.state !== 'deleted').length, 0);
  });
});
