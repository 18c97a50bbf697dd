import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Job, Queue } from 'bullmq';
import { FLOW_CONTROL_RETRY_MS } from '../../src/chat/dingtalk/send-private-markdown.js';
import { createOutboxQueue } from '../../src/queue/queues.js';
import { STAFF_ID, startDingTalkHarness, type DingTalkHarness } from '../support/dingtalk-harness.js';

/** The private message waiting in the outbox for its retry (polls until one is delayed). */
async function delayedPrivateJob(outbox: Queue, timeoutMs = 5000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await outbox.getDelayed()).find((delayed) => (delayed.data as { kind?: string }).kind === 'private');
    if (job) return job;
    if (Date.now() > deadline) throw new Error('no private message is waiting for a retry');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Redelivered messages, a dropped stream and a throttled one-to-one message, through the whole bot. */
describe('DingTalk end to end: redelivery, reconnect, flow control', () => {
  let h: DingTalkHarness;
  let outbox: Queue;
  before(async () => {
    h = await startDingTalkHarness();
    outbox = createOutboxQueue(h.bot.settings, 'dingtalk');
  });
  after(async () => {
    await outbox.close();
    await h.stop();
  });

  test('a redelivered message (same msgId) is acked again and runs once', async () => {
    const jobs = await h.commandJobs();
    const said = h.say('@GPU助手 /gpu-cluster list');
    await h.waitFor(() => h.groupTexts(said.session).length >= 1, 'the first reply');
    const again = h.redeliver(said);
    await h.waitFor(() => h.fake.stream.acks.some((ack) => ack.headers.messageId === again), 'the ack of the redelivery');
    await h.bot.waitUntilIdle();
    assert.equal(h.groupTexts(said.session).length, 1, 'answered once');
    assert.equal(await h.commandJobs(), jobs + 1, 'queued once');
    assert.equal(h.privateSends().length, 1, 'the list arrived once');
  });

  test('a dropped stream reconnects with a fresh ticket and a later command still works', async () => {
    const opened = h.fake.stream.connectionsOpened;
    const gatewayOpens = h.fake.gatewayOpens.length;
    h.fake.stream.dropConnections();
    await h.waitFor(
      () => h.fake.stream.connectionsOpened > opened && h.fake.stream.openConnections === 1,
      'the reconnect',
      10_000,
    );
    assert.ok(h.fake.gatewayOpens.length > gatewayOpens, 'a new ticket was asked for');

    const said = h.say('/gpu-cluster help');
    await h.waitFor(() => h.groupTexts(said.session).length >= 1, 'the reply after the reconnect');
    assert.ok(h.fake.stream.acks.some((ack) => ack.headers.messageId === said.frameId));

    // The server's `disconnect` notice also leads to a fresh connection.
    const beforeNotice = h.fake.stream.connectionsOpened;
    h.fake.stream.sendDisconnect();
    await h.waitFor(
      () => h.fake.stream.connectionsOpened > beforeNotice && h.fake.stream.openConnections === 1,
      'the new connection',
      10_000,
    );
    const later = h.say('/gpu-cluster help');
    await h.waitFor(() => h.groupTexts(later.session).length >= 1, 'the reply after the disconnect notice');
  });

  test('when the sessionWebhook has expired, the group still hears everything through the robot group API', async () => {
    h.fake.expiredSessions.add('expired-session');
    const dms = h.privateSends().length;
    const said = h.say('@GPU助手 /gpu-cluster create 2 gn5 name=late', { sessionWebhook: h.fake.webhookUrl('expired-session') });
    await h.waitFor(() => h.privateSends().length > dms, 'the ready DM');
    await h.bot.waitUntilIdle();
    assert.deepEqual(h.groupTexts('expired-session'), [], 'nothing was accepted by the dead webhook');
    const group = h.fake.calls('/v1.0/robot/groupMessages/send');
    assert.ok(group.every((call) => call.body.openConversationId === said.message.conversationId));
    const texts = group.map((call) => (JSON.parse(String(call.body.msgParam)) as { text: string }).text);
    assert.match(texts[0] ?? '', /^已排队：在 cn-hangzhou 创建 GPU 集群 late/);
    assert.ok(
      texts.some((t) => /\*\*状态：\*\*已完成/.test(t)),
      'the final progress',
    );
    assert.ok(
      texts.some((t) => /张三 的 GPU 集群 late 已就绪/.test(t)),
      'the ready note',
    );
    assert.match(h.privateSends().at(-1)?.title ?? '', /你的集群 late 已就绪/);
  });

  test('a flow-controlled DM is retried later and delivered once, not dropped', async () => {
    h.fake.flowControlled.set(STAFF_ID, 2);
    const calls = h.batchSendCalls().length;
    const delivered = h.privateSends().length;
    const said = h.say('/gpu-cluster list');
    await h.waitFor(() => h.groupTexts(said.session).length >= 1, 'the immediate reply');

    for (let refusal = 1; refusal <= 2; refusal += 1) {
      await h.waitFor(() => h.batchSendCalls().length >= calls + refusal, `throttled send #${refusal}`);
      // The outbox keeps the message, delayed by the flow-control pause. Instead of waiting a real
      // minute, the test lets that time pass by promoting the delayed job.
      const job = await delayedPrivateJob(outbox);
      assert.ok(job.delay >= FLOW_CONTROL_RETRY_MS - 1000, `retried after the pause (${job.delay} ms)`);
      assert.equal(h.privateSends().length, delivered, 'not delivered while throttled');
      await job.promote();
    }
    await h.waitFor(() => h.privateSends().length > delivered, 'the delivery after the throttle');
    await h.bot.waitUntilIdle();
    assert.equal(h.privateSends().length, delivered + 1, 'delivered exactly once');
    assert.deepEqual(h.privateSends().at(-1)?.userIds, [STAFF_ID]);
    assert.equal(h.batchSendCalls().length, calls + 3, 'two refused sends and one delivery');
  });
});
