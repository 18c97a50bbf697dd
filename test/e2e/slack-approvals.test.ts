import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeSlackCall } from '../fakes/slack/fake-slack.js';
import { CHANNEL, startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

/**
 * Spending on Slack: the price comes with the queued reply and every confirmation; above
 * GPUBOT_APPROVE_ABOVE the requester confirms with a button and the approver gets Approve/Reject
 * buttons by DM and in GPUBOT_APPROVAL_CHANNEL; `status` shows hours and spend growing.
 */
const ALICE = 'U0ALICE01';
const BOSS = 'U0BOSS001';
const APPROVALS = 'C0APPROVE1';
const BOSS_DM = `D${BOSS.slice(1)}`;

interface Ack {
  response_type: string;
  text: string;
  blocks?: { type: string; elements?: { action_id: string; value: string }[] }[];
}
const isPost = (call: FakeSlackCall, channel: string) => call.method === 'chat.postMessage' && call.args.channel === channel;
const textOf = (call: FakeSlackCall) => String(call.args.text ?? '');
const buttonsOf = (call: FakeSlackCall | undefined) => {
  const raw = call?.args.blocks ?? [];
  const blocks = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Ack['blocks'];
  return blocks?.find((b) => b.type === 'actions')?.elements ?? [];
};

describe('Slack: prices, confirmation and approval with buttons', () => {
  let h: SlackHarness;
  before(async () => {
    h = await startSlackHarness({
      env: {
        GPUBOT_CONFIRM_ABOVE: '20',
        GPUBOT_APPROVE_ABOVE: '40',
        GPUBOT_APPROVERS: `slack:${BOSS}`,
        GPUBOT_APPROVAL_CHANNEL: APPROVALS,
      },
    });
  });
  after(async () => {
    await h.stop();
  });

  test('a cheap create is queued at once with its price; status shows hours and spend that grow', async () => {
    const ack = await h.slash('/gpu-cluster', 'create 1 gn5 name=cheap', { userId: ALICE, userName: 'alice' });
    const body = ack.json<Ack>();
    assert.match(
      body.text,
      /Queued: GPU cluster cheap with 1 × ecs\.gn5-c4g1\.xlarge[^]*≈ ¥\d+\.\d\d\/hour \(workers ¥\d+\.\d\d, cluster ¥1\.01\)/,
    );
    await h.waitFor(() => h.slack.calls.some((c) => /cluster cheap is ready/.test(textOf(c))), 'ready');

    const spendIn = async (): Promise<number> => {
      const before = h.slack.calls.length;
      await h.slash('/gpu-cluster', 'status cheap', { userId: ALICE, userName: 'alice' });
      let found: RegExpMatchArray | null = null;
      await h.waitFor(
        () =>
          h.slack.calls
            .slice(before)
            .some((c) => (found = /running ([\d.]+) (?:min|h) · ≈ ¥(\d+\.\d\d) so far/.exec(JSON.stringify(c.args))) !== null),
        'the status with spend',
      );
      return Number((found as unknown as RegExpMatchArray)[2]);
    };
    const first = await spendIn();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const second = await spendIn();
    assert.ok(second > first, `spend grows with time: ${first} then ${second}`);
  });

  test('above GPUBOT_APPROVE_ABOVE: confirm, then the approver approves by button, then it is created', async () => {
    const ack = await h.slash('/gpu-cluster', 'create 4 gn5 name=pricey', { userId: ALICE, userName: 'alice' });
    const body = ack.json<Ack>();
    assert.match(body.text, /Create 4 × ecs\.gn5-c4g1\.xlarge \(4 GPUs\) in cn-hangzhou, billed by the hour/);
    assert.match(body.text, /≈ ¥\d+\.\d\d\/hour \(workers ¥\d+\.\d\d, cluster ¥1\.01\)/);
    assert.match(body.text, /after you confirm, an approver decides \(U0BOSS001\)/);
    const confirm = body.blocks?.find((b) => b.type === 'actions')?.elements?.find((b) => b.action_id === 'gpubot_confirm');
    assert.ok(confirm);
    await h.press('gpubot_confirm', confirm.value, ALICE, 'alice-confirm', 'alice');
    await h.waitFor(() => h.slack.responses.some((r) => r.id === 'alice-confirm'), 'the confirmation answer');
    assert.match(String(h.slack.responses.find((r) => r.id === 'alice-confirm')?.body.text), /Confirmed\. I asked U0BOSS001/);

    await h.waitFor(
      () =>
        h.slack.calls.some((c) => isPost(c, BOSS_DM) && /Approval needed/.test(textOf(c))) &&
        h.slack.calls.some((c) => isPost(c, APPROVALS) && /Approval needed/.test(textOf(c))),
      'the approval request by DM and in the approval channel',
    );
    const request = h.slack.calls.find((c) => isPost(c, BOSS_DM) && /Approval needed/.test(textOf(c)));
    assert.match(JSON.stringify(request?.args), /alice \(slack:U0ALICE01\) asks for 4 × ecs\.gn5-c4g1\.xlarge in cn-hangzhou/);
    const approve = buttonsOf(request).find((b) => b.action_id === 'gpubot_approve');
    assert.ok(approve);
    assert.equal(
      h.bot.emulator?.cloud.clusters().some((c) => c.name === 'pricey'),
      false,
      'not created before the decision',
    );

    // Alice cannot approve her own request, even with the button's value.
    await h.press('gpubot_approve', approve.value, ALICE, 'alice-approve', 'alice');
    await h.waitFor(() => h.slack.responses.some((r) => r.id === 'alice-approve'), 'the refusal');
    assert.match(
      String(h.slack.responses.find((r) => r.id === 'alice-approve')?.body.text),
      /cannot approve or reject your own request/,
    );

    await h.press('gpubot_approve', approve.value, BOSS, 'boss-approve', 'boss');
    await h.waitFor(() => h.slack.responses.some((r) => r.id === 'boss-approve'), 'the approval answer');
    assert.match(String(h.slack.responses.find((r) => r.id === 'boss-approve')?.body.text), /Approved: alice's 4 × ecs\.gn5/);
    await h.waitFor(() => h.slack.calls.some((c) => /boss approved your request/.test(textOf(c))), 'alice hears of it');
    await h.waitFor(
      () => h.slack.calls.some((c) => isPost(c, CHANNEL) && /GPU cluster pricey for alice is ready/.test(textOf(c))),
      'created',
      30_000,
    );
  });
});
