import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STAFF_ID, startDingTalkHarness, type DingTalkHarness } from '../support/dingtalk-harness.js';

/** Redelivered messages, a dropped stream and a throttled one-to-one message, through the whole bot. */
describe('DingTalk end to end: redelivery, reconnect, flow control', () => {
  let h: DingTalkHarness;
  before(async () => {
    h = await startDingTalkHarness();
  });
  after(async () => {
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

  test('a flow-controlled DM is retried later, one probe per growing pause, and delivered once', async () => {
    h.fake.flowControlled.set(STAFF_ID, 2);
    const calls = h.batchSendCalls().length;
    const delivered = h.privateSends().length;
    const said = h.say('/gpu-cluster list');
    await h.waitFor(() => h.groupTexts(said.session).length >= 1, 'the immediate reply');
    await h.waitFor(() => h.privateSends().length > delivered, 'the delivery after the throttle', 20_000);
    await h.bot.waitUntilIdle();
    assert.equal(h.privateSends().length, delivered + 1, 'delivered exactly once');
    assert.deepEqual(h.privateSends().at(-1)?.userIds, [STAFF_ID]);
    const sends = h
      .batchSendCalls()
      .slice(calls)
      .map((call) => call.at);
    assert.equal(sends.length, 3, 'two refused sends and one delivery');
    // DingTalk gives no Retry-After for flow control: the pause for this user doubles (2 s, then 4 s).
    const [first = 0, second = 0, third = 0] = sends;
    assert.ok(second - first >= 1900, `first pause ${second - first} ms`);
    assert.ok(third - second >= 3900, `second pause ${third - second} ms`);
  });
});
