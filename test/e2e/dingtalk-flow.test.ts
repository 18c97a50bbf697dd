import { X509Certificate } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { progressKey } from '../../src/outbox/outbox-job.js';
import { requestIdFor } from '../../src/queue/request.js';
import { STAFF_ID, startDingTalkHarness, type DingTalkHarness } from '../support/dingtalk-harness.js';
import { testRedis } from '../support/test-redis.js';

/**
 * The whole bot with GPUBOT_CHAT=dingtalk against the fake DingTalk: a group message @-mentioning
 * the robot drives create → ready → notebook start; replies are Chinese until the user switches.
 */
const CREATE_STEPS = 4;
/** Progress posts are new markdown messages whose status line says running / done / failed. */
const isProgress = (markdown: string) => /\*\*状态：\*\*|\*\*Status:\*\*/.test(markdown);
const isFinal = (markdown: string) => /\*\*状态：\*\*(已完成|失败)/.test(markdown);
const finishedSteps = (markdown: string) => (markdown.match(/^- (✅|❌|⏭️) /gmu) ?? []).length;

describe('DingTalk end to end: create, notebook, language', () => {
  let h: DingTalkHarness;
  before(async () => {
    h = await startDingTalkHarness();
  });
  after(async () => {
    await h.stop();
  });

  test('@robot /gpu-cluster create 2 gn5: acked, queued reply and milestones in the group, ready DM one to one', async () => {
    const said = h.say('@GPU助手\u2005/gpu-cluster create 2 gn5 name=demo');
    await h.waitFor(() => h.fake.stream.acks.some((ack) => ack.headers.messageId === said.frameId), 'the ack frame');
    const ack = h.fake.stream.acks.find((a) => a.headers.messageId === said.frameId);
    assert.equal(ack?.code, 200);

    await h.waitFor(() => h.privateSends().some((dm) => /你的集群 demo 已就绪/.test(dm.title)), 'the ready DM');
    await h.bot.waitUntilIdle();

    const texts = h.groupTexts(said.session);
    assert.match(
      texts[0] ?? '',
      /^已排队：在 cn-hangzhou 创建 GPU 集群 demo（2 × ecs\.gn5-/,
      'the queued reply comes first, in Chinese',
    );
    const progress = texts.filter(isProgress);
    assert.ok(progress.length >= 2, 'progress was posted');
    // At most: the first post, one per finished step, and the final state.
    assert.ok(progress.length <= CREATE_STEPS + 2, `milestones only, not every poll: ${progress.length} progress posts`);
    for (let i = 1; i < progress.length; i += 1) {
      const [earlier, later] = [progress[i - 1] ?? '', progress[i] ?? ''];
      assert.ok(finishedSteps(later) > finishedSteps(earlier) || isFinal(later), `post ${i} is a milestone:\n${later}`);
    }
    assert.match(progress.at(-1) ?? '', /✅ GPU 集群 demo[^]*\*\*状态：\*\*已完成/);
    assert.ok(
      texts.some((t) => /张三 的 GPU 集群 demo 已就绪/.test(t)),
      'the group hears it is ready',
    );

    // Far more snapshots were published than posted: the group got the milestones of many polls.
    const redis = testRedis();
    try {
      const versions = Number(await redis.hget(progressKey(h.prefix, requestIdFor('dingtalk', said.message.msgId)), 'version'));
      assert.ok(versions > progress.length, `${versions} snapshots, ${progress.length} posts`);
    } finally {
      await redis.quit();
    }

    const dms = h.privateSends();
    assert.equal(dms.length, 1);
    assert.deepEqual(dms[0]?.userIds, [STAFF_ID]);
    assert.match(dms[0]?.text ?? '', /\/notebook start cluster=demo/);
    assert.equal(h.fake.calls('/v1.0/robot/groupMessages/send').length, 0, 'the live sessionWebhook was enough');
  });

  test('/notebook start: the group sees the URL, the password reaches only the requester one to one', async () => {
    const said = h.say('@GPU助手 /notebook start name=nb1');
    await h.waitFor(() => h.privateSends().some((dm) => /Notebook nb1 已就绪/.test(dm.title)), 'the notebook DM');
    await h.bot.waitUntilIdle();

    const clusterId = h.bot.emulator?.cloud.clusters().find((c) => c.name === 'demo')?.clusterId ?? '';
    const secret = h.bot.emulator?.kube.objects(clusterId).find((o) => o.kind === 'Secret' && o.name === 'nb1')?.body as {
      data: Record<string, string>;
    };
    const password = Buffer.from(secret.data.password ?? '', 'base64').toString('utf8');
    assert.ok(password.length >= 16);

    const announced = h.groupTexts(said.session).find((t) => /张三 的 Notebook nb1 已在集群 demo 上运行/.test(t)) ?? '';
    const url = /https:\/\/nlb-[0-9a-z]+\.cn-hangzhou\.nlb\.aliyuncsslb\.com(:\d+)?/.exec(announced)?.[0];
    assert.ok(url, 'the group sees the URL');

    assert.ok(!JSON.stringify(h.fake.webhookPosts).includes(password), 'never in a group (sessionWebhook)');
    const carrying = h.fake.apiCalls.filter((call) => JSON.stringify(call.body).includes(password));
    assert.equal(carrying.length, 1, 'the password travels in one request');
    assert.equal(carrying[0]?.path, '/v1.0/robot/oToMessages/batchSend');
    assert.deepEqual(carrying[0]?.body.userIds, [STAFF_ID]);
    assert.ok(!JSON.stringify(h.fake.stream.acks).includes(password));
    assert.ok(!h.logs().includes(password), 'never logged');
    const dm = h.privateSends().find((d) => d.text.includes(password));
    assert.ok(dm?.text.includes(url), 'the DM carries the URL with the password');
    const fingerprint = new X509Certificate(Buffer.from(secret.data['tls.crt'] ?? '', 'base64')).fingerprint256;
    assert.ok(dm?.text.includes(fingerprint), 'and the certificate fingerprint');
    assert.deepEqual(
      h.fake.apiCalls.filter((call) => JSON.stringify(call.body).includes(fingerprint)).map((call) => call.path),
      ['/v1.0/robot/oToMessages/batchSend'],
    );
    assert.ok(!JSON.stringify(h.fake.webhookPosts).includes(fingerprint), 'never in a group');
  });

  test('replies are Chinese by default; `/gpu-cluster lang en` switches only that user to English', async () => {
    const help = h.say('gpu-cluster help');
    await h.waitFor(() => h.groupTexts(help.session).length >= 1, 'the help reply');
    assert.match(h.groupTexts(help.session)[0] ?? '', /[\u4e00-\u9fff]/, 'Chinese by default');

    const lang = h.say('@GPU助手\u2005／gpu-cluster lang en');
    await h.waitFor(() => h.groupTexts(lang.session).length >= 1, 'the lang reply');
    // The group reply @-mentions the sender: `at.atUserIds` plus `@<staffId>` in the text.
    assert.equal(h.groupTexts(lang.session)[0], `Language set to English.\n\n@${STAFF_ID}`);

    const dmsBefore = h.privateSends().length;
    const list = h.say('/gpu-cluster list');
    await h.waitFor(() => h.privateSends().length > dmsBefore, 'the list DM');
    assert.doesNotMatch(h.groupTexts(list.session)[0] ?? '', /[\u4e00-\u9fff]/, 'the immediate reply is English');
    assert.match(h.privateSends().at(-1)?.text ?? '', /demo: running, 2 nodes, cn-hangzhou, owner you/);

    // Someone else in the same group still gets Chinese.
    const other = h.say('/gpu-cluster help', { senderStaffId: '16650009999', senderNick: '李四' });
    await h.waitFor(() => h.groupTexts(other.session).length >= 1, "the other user's reply");
    assert.match(h.groupTexts(other.session)[0] ?? '', /[\u4e00-\u9fff]/);
  });

  test('a picture gets a short help reply and runs nothing', async () => {
    const jobs = await h.commandJobs();
    const picture = h.say('', { msgtype: 'picture', content: { downloadCode: 'abc', pictureDownloadCode: 'abc' } });
    await h.waitFor(() => h.groupTexts(picture.session).length >= 1, 'the help reply');
    assert.match(h.groupTexts(picture.session)[0] ?? '', /gpu-cluster/);
    assert.equal(await h.commandJobs(), jobs);
  });
});
