import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAuditLog } from '../../src/audit/audit-log.js';
import type { AuditEntry } from '../../src/audit/audit-event.js';
import { resolveWorkerType } from '../../src/catalog/gpu-catalog.js';
import { requestIdFor } from '../../src/queue/request.js';
import type { DeliveredCard } from '../fakes/dingtalk/fake-dingtalk.js';
import { captureLog } from '../support/capture-log.js';
import { STAFF_ID, startDingTalkHarness, type DingTalkHarness } from '../support/dingtalk-harness.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { testRedis } from '../support/test-redis.js';

/**
 * Spending on DingTalk, through the real Stream client and the card API against the fake DingTalk:
 * 40 A100s cost more than GPUBOT_APPROVE_ABOVE, so the requester confirms on a card, the approvers
 * get Approve/Reject cards (one to one and in the approval channel), and nothing is created before
 * one of them decides. The quoted price is what DescribePrice answered.
 */
const TEMPLATE = 'gpubot-actions.schema';
const APPROVAL_CHANNEL = 'cidApprovals==';
const A100 = (resolveWorkerType('gn7') as { ok: true; type: { id: string } }).type.id;

const money = (value: number) => value.toFixed(2);
const cardsFor = (h: DingTalkHarness, kind: string, where: string) =>
  h.fake.cards.filter((card) => card.outTrackId.startsWith(`gpubot_${kind}_`) && card.spaces.some((s) => s.spaceId === where));
const privateTo = (h: DingTalkHarness, staffId: string, pattern: RegExp) =>
  h.privateSends().some((dm) => dm.userIds.includes(staffId) && pattern.test(dm.text));

async function auditOf(h: DingTalkHarness, requestId: string): Promise<AuditEntry[]> {
  const redis = testRedis();
  try {
    const audit = createAuditLog({ redis, prefix: h.prefix, retentionMs: 3600_000, maxEntries: 1000, log: captureLog().log });
    return (await audit.recent({ limit: 100, match: (entry) => entry.requestId === requestId })).reverse();
  } finally {
    await redis.quit();
  }
}

describe('DingTalk: costly creates wait for an approver, on cards', () => {
  let h: DingTalkHarness;
  let expected: { workers: number; cluster: number; total: number };
  before(async () => {
    h = await startDingTalkHarness({
      DINGTALK_ACTION_CARD_TEMPLATE_ID: TEMPLATE,
      GPUBOT_APPROVERS: 'dingtalk:approver01,dingtalk:approver02',
      GPUBOT_APPROVAL_CHANNEL: APPROVAL_CHANNEL,
    });
    const emulator = h.bot.emulator;
    if (!emulator) throw new Error('the harness runs the emulator');
    emulator.cloud.setQuota({ ecsVcpuPerRegion: 10_000 });
    // What the fake's DescribePrice answers for one A100 node, through the real adapter.
    const one = await emulatedCloud(emulator).instancePrice('cn-hangzhou', A100);
    const workers = Math.round(one.perHour * 40 * 100) / 100;
    const cluster = 0.64 + 0.25 + 0.02 + 0.1;
    expected = { workers, cluster, total: Math.round((workers + cluster) * 100) / 100 };
  });
  after(async () => {
    await h.stop();
  });

  test('40 × A100: the requester confirms, an approver approves, then (and only then) it is created', async () => {
    const said = h.say('@GPU助手 /gpu-cluster create 40 gn7 name=big');
    await h.waitFor(() => cardsFor(h, 'confirm_cancel', said.message.conversationId).length === 1, 'the confirmation card');
    const [confirm] = cardsFor(h, 'confirm_cancel', said.message.conversationId) as [DeliveredCard];
    assert.equal(confirm.templateId, TEMPLATE);
    assert.equal(confirm.callbackType, 'STREAM');
    assert.match(confirm.params.content ?? '', /确定在 cn-hangzhou 创建 40 个 ecs\.gn7-c12g1\.3xlarge（共 40 块 GPU）/);
    const price = `约 ¥${money(expected.total)}/小时（节点 ¥${money(expected.workers)}，集群 ¥${money(expected.cluster)}）`;
    assert.ok(confirm.params.content?.includes(price), `${price} in ${confirm.params.content}`);
    assert.match(confirm.params.content ?? '', /你确认后还需审批人（approver01, approver02）批准/);
    assert.deepEqual([confirm.params.primaryLabel, confirm.params.secondaryLabel], ['确认', '取消']);

    h.fake.clickCard(confirm.outTrackId, STAFF_ID, 'primary');
    await h.waitFor(() => privateTo(h, STAFF_ID, /已确认。已请 approver01, approver02 审批/), 'confirmed, one to one');
    await h.waitFor(
      () =>
        cardsFor(h, 'approve_reject', 'approver01').length === 1 &&
        cardsFor(h, 'approve_reject', 'approver02').length === 1 &&
        cardsFor(h, 'approve_reject', APPROVAL_CHANNEL).length === 1,
      'approval cards to both approvers and the approval channel',
    );
    const [approval] = cardsFor(h, 'approve_reject', 'approver01') as [DeliveredCard];
    assert.match(approval.params.content ?? '', /张三（dingtalk:16650001698）申请 40 × ecs\.gn7-c12g1\.3xlarge in cn-hangzhou/);
    assert.ok(approval.params.content?.includes(price), 'the approvers see the price');
    assert.equal(h.bot.emulator?.cloud.calls().CreateCluster ?? 0, 0, 'nothing is created while it waits');

    // The requester cannot approve their own request, nor can someone who is not an approver.
    const [channelCard] = cardsFor(h, 'approve_reject', APPROVAL_CHANNEL) as [DeliveredCard];
    h.fake.clickCard(channelCard.outTrackId, STAFF_ID, 'primary');
    await h.waitFor(() => privateTo(h, STAFF_ID, /你不能审批自己的申请/), 'no self-approval');
    h.fake.clickCard(channelCard.outTrackId, 'bystander9', 'primary');
    await h.waitFor(() => privateTo(h, 'bystander9', /只有审批人（GPUBOT_APPROVERS）可以批准/), 'no approval by others');
    assert.equal(h.bot.emulator?.cloud.calls().CreateCluster ?? 0, 0);

    h.fake.clickCard(approval.outTrackId, 'approver01', 'primary');
    await h.waitFor(() => privateTo(h, 'approver01', /已批准：张三 的 40 × ecs\.gn7/), 'the approver is told');
    await h.waitFor(() => privateTo(h, STAFF_ID, /approver01 已批准你的申请/), 'the requester is told');
    await h.waitFor(() => privateTo(h, STAFF_ID, /你的集群 big 已就绪/), 'the cluster', 60_000);
    assert.equal(h.bot.emulator?.cloud.calls().CreateCluster, 1);

    // A second approver pressing later changes nothing.
    const [second] = cardsFor(h, 'approve_reject', 'approver02') as [DeliveredCard];
    h.fake.clickCard(second.outTrackId, 'approver02', 'secondary');
    await h.waitFor(() => privateTo(h, 'approver02', /该请求已被 approver01 处理（approved）/), 'already decided');

    const story = (await auditOf(h, requestIdFor('dingtalk', said.message.msgId))).map((e) => e.action);
    const expectedStory = [
      'confirmation.asked',
      'confirmation.confirmed',
      'approval.requested',
      'approval.granted',
      'cloud.create',
      'job.succeeded',
    ];
    assert.deepEqual(
      story.filter((a) => expectedStory.includes(a)),
      expectedStory,
      `the audit tells the whole story: ${story.join(', ')}`,
    );
    const entries = await auditOf(h, requestIdFor('dingtalk', said.message.msgId));
    for (const entry of entries.filter((e) => expectedStory.includes(e.action))) {
      assert.equal(entry.pricePerHour, expected.total, `${entry.action} carries the price`);
    }
    assert.equal(entries.find((e) => e.action === 'approval.granted')?.actor, 'dingtalk:approver01');
  });

  test('a second 40 × A100 rejected by an approver is never created, and the requester is told', async () => {
    const creates = h.bot.emulator?.cloud.calls().CreateCluster ?? 0;
    const said = h.say('@GPU助手 /gpu-cluster create 40 gn7 name=big2');
    await h.waitFor(() => cardsFor(h, 'confirm_cancel', said.message.conversationId).length === 2, 'the confirmation card');
    const confirm = cardsFor(h, 'confirm_cancel', said.message.conversationId).at(-1) as DeliveredCard;
    h.fake.clickCard(confirm.outTrackId, STAFF_ID, 'primary');
    await h.waitFor(() => cardsFor(h, 'approve_reject', 'approver02').length === 2, 'the approval card');
    const approval = cardsFor(h, 'approve_reject', 'approver02').at(-1) as DeliveredCard;
    h.fake.clickCard(approval.outTrackId, 'approver02', 'secondary');
    await h.waitFor(
      () => privateTo(h, STAFF_ID, /approver02 拒绝了你的申请（40 × ecs\.gn7-c12g1\.3xlarge in cn-hangzhou），未创建任何资源/),
      'rejected',
    );
    await h.bot.waitUntilIdle();
    assert.equal(h.bot.emulator?.cloud.calls().CreateCluster, creates, 'never created');
    assert.ok(!h.bot.emulator?.cloud.clusters().some((c) => c.name === 'big2'));
    const story = (await auditOf(h, requestIdFor('dingtalk', said.message.msgId))).map((e) => e.action);
    assert.ok(story.includes('approval.rejected') && !story.includes('cloud.create'), story.join(', '));
  });
});

describe('DingTalk without action cards: the same decisions, typed', () => {
  let h: DingTalkHarness;
  before(async () => {
    h = await startDingTalkHarness({ GPUBOT_APPROVERS: 'dingtalk:approver01' });
    h.bot.emulator?.cloud.setQuota({ ecsVcpuPerRegion: 10_000 });
  });
  after(async () => {
    await h.stop();
  });

  test('the code goes to the requester alone; the approver gets the commands one to one and types one', async () => {
    const said = h.say('@GPU助手 /gpu-cluster create 40 gn7 name=typed');
    await h.waitFor(() => privateTo(h, STAFF_ID, /`\/gpu-cluster confirm [a-z0-9]{8}`/), 'the code, one to one');
    assert.deepEqual(h.groupTexts(said.session), [], 'not in the group');
    assert.equal(h.fake.cards.length, 0);
    const dm = h.privateSends().find((d) => d.userIds.includes(STAFF_ID) && /confirm [a-z0-9]{8}/.test(d.text));
    assert.match(dm?.text ?? '', /约 ¥\d+\.\d\d\/小时（节点 ¥\d+\.\d\d，集群 ¥1\.01）/);
    const code = /confirm ([a-z0-9]{8})/.exec(dm?.text ?? '')?.[1] ?? '';
    h.say(`/gpu-cluster confirm ${code}`);
    await h.waitFor(
      () => privateTo(h, 'approver01', new RegExp(`批准：\`/gpu-cluster approve ${code}\``)),
      'the approval request',
    );
    assert.equal(h.bot.emulator?.cloud.calls().CreateCluster ?? 0, 0);
    h.say(`/gpu-cluster approve ${code}`, { senderStaffId: 'approver01', senderNick: '审批人', conversationType: '1' });
    await h.waitFor(() => privateTo(h, STAFF_ID, /审批人 已批准你的申请/), 'the requester is told');
    await h.waitFor(() => privateTo(h, STAFF_ID, /你的集群 typed 已就绪/), 'created', 60_000);
    assert.equal(h.bot.emulator?.cloud.calls().CreateCluster, 1);
  });
});
