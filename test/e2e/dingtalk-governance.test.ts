import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { STAFF_ID, startDingTalkHarness, type DingTalkHarness } from '../support/dingtalk-harness.js';

/**
 * Who may use gpubot on DingTalk, through the real Stream client and robot OpenAPI against the
 * fake DingTalk: the robot's own organisation (chatbotCorpId vs senderCorpId), departments, roles
 * that cannot be borrowed from Slack, answers for one person going one to one, and nicknames.
 */
const privateTo = (h: DingTalkHarness, staffId: string, pattern: RegExp) =>
  h.privateSends().some((dm) => dm.userIds.includes(staffId) && pattern.test(dm.text));

describe('DingTalk governance: organisation, roles, private answers, markup', () => {
  let h: DingTalkHarness;
  before(async () => {
    h = await startDingTalkHarness({ GPUBOT_ADMINS: 'slack:U0ADMIN001,dingtalk:manager01' });
  });
  after(async () => {
    await h.stop();
  });

  test('someone from another organisation in the group is refused one to one, and nothing runs', async () => {
    const jobs = await h.commandJobs();
    const said = h.say('@GPU助手 /gpu-cluster create 40 ecs.gn7-c13g1.26xlarge', {
      senderStaffId: 'outsider7',
      senderCorpId: 'dingcorpOTHER',
    });
    await h.waitFor(() => privateTo(h, 'outsider7', /只受理其所属组织成员的请求/), 'the refusal, one to one');
    assert.deepEqual(h.groupTexts(said.session), [], 'nothing in the group');
    assert.equal(await h.commandJobs(), jobs);
  });

  test('bad input in a group is answered one to one, as the README says', async () => {
    const said = h.say('@GPU助手 /gpu-cluster crate 2 gn5');
    await h.waitFor(() => privateTo(h, STAFF_ID, /crate/), 'the usage, one to one');
    assert.deepEqual(h.groupTexts(said.session), []);
  });

  test('a DingTalk user whose staff id equals a Slack admin (bare or spelled out) is not an admin', async () => {
    for (const staffId of ['U0ADMIN001', 'slack:U0ADMIN001']) {
      h.say('/gpu-cluster audit', { senderStaffId: staffId });
      await h.waitFor(() => privateTo(h, staffId, /只有 gpubot 管理员/), `the refusal to ${staffId}`);
    }
    h.say('/gpu-cluster audit', { senderStaffId: 'manager01', senderNick: '经理' });
    await h.waitFor(() => privateTo(h, 'manager01', /审计日志/), 'the page, one to one, to the real admin');
    const page = h.privateSends().find((dm) => dm.userIds.includes('manager01'))?.text ?? '';
    assert.match(page, /dingtalk:U0ADMIN001 \(张三\) · command\.refused · cluster\.audit · 原因 role\.not_admin/);
    assert.match(page, /dingtalk:slack:U0ADMIN001 \(张三\) · command\.refused · cluster\.audit · 原因 role\.not_admin/);
    assert.match(page, /dingtalk:outsider7 .*command\.refused · 原因 scope\.external/);
  });

  test('a nickname full of markdown is plain text in the group; the confirmation code goes one to one', async () => {
    const nick = '[点我领奖](http://evil.example/login) ![x](http://evil.example/x.png) <font color=red>red</font> @所有人';
    const create = h.say('@GPU助手 /gpu-cluster create 1 gn5 name=mdnick', { senderNick: nick });
    await h.waitFor(() => h.groupTexts(create.session).some((t) => /GPU 集群 mdnick 已就绪/.test(t)), 'the ready note', 20_000);
    const note = h.groupTexts(create.session).find((t) => /GPU 集群 mdnick 已就绪/.test(t)) ?? '';
    for (const markup of ['](', '![', '<font', '@所有人']) assert.ok(!note.includes(markup), `${markup} in ${note}`);
    assert.ok(note.includes('点我领奖') && note.includes('http://evil.example/login'), 'the text itself is still there');

    const del = h.say('@GPU助手 /gpu-cluster delete mdnick', { senderNick: nick });
    await h.waitFor(() => privateTo(h, STAFF_ID, /confirm [a-z0-9]{8}/), 'the code, one to one');
    assert.deepEqual(h.groupTexts(del.session), [], 'the code is not posted to the group');
    const code = /confirm ([a-z0-9]{8})/.exec(
      h
        .privateSends()
        .filter((dm) => /confirm [a-z0-9]{8}/.test(dm.text))
        .at(-1)?.text ?? '',
    )?.[1];
    const confirm = h.say(`/gpu-cluster confirm ${code ?? ''}`);
    await h.waitFor(() => h.groupTexts(confirm.session).some((t) => /已排队：删除集群 mdnick/.test(t)), 'the queued delete');
    await h.waitFor(
      () => !h.bot.emulator?.cloud.clusters().some((c) => c.name === 'mdnick' && c.state !== 'deleted'),
      'the deletion',
      20_000,
    );
  });
});

describe('DingTalk governance: a pinned organisation and listed departments', () => {
  let h: DingTalkHarness;
  before(async () => {
    h = await startDingTalkHarness({ DINGTALK_CORP_ID: 'dingcorp0001', DINGTALK_ALLOWED_DEPARTMENTS: '100' });
    h.fake.departmentChains.set(STAFF_ID, [[200, 100, 1]]);
    h.fake.departmentChains.set('sales01', [[300, 1]]);
  });
  after(async () => {
    await h.stop();
  });

  test('a member of a sub-department of a listed department is served', async () => {
    const said = h.say('/gpu-cluster help');
    await h.waitFor(() => h.groupTexts(said.session).length > 0, 'the help');
    assert.equal(h.fake.calls('/topapi/v2/department/listparentbyuser').at(-1)?.body.userid, STAFF_ID);
  });

  test('someone outside the listed departments, or unknown to the directory, is refused', async () => {
    const jobs = await h.commandJobs();
    h.say('/gpu-cluster list', { senderStaffId: 'sales01' });
    await h.waitFor(() => privateTo(h, 'sales01', /仅对指定的人员和部门开放/), 'not listed');
    h.say('/gpu-cluster list', { senderStaffId: 'ghost01' });
    await h.waitFor(() => privateTo(h, 'ghost01', /无法向聊天平台核实你的账号/), 'unverified');
    assert.equal(await h.commandJobs(), jobs);
  });

  test('a robot of another organisation than DINGTALK_CORP_ID serves no one', async () => {
    h.say('/gpu-cluster list', { senderStaffId: 'elsewhere1', senderCorpId: 'dingcorpELSE', chatbotCorpId: 'dingcorpELSE' });
    await h.waitFor(() => privateTo(h, 'elsewhere1', /只受理其所属组织成员的请求/), 'refused');
    assert.ok(!h.fake.calls('/topapi/v2/department/listparentbyuser').some((c) => c.body.userid === 'elsewhere1'), 'no lookup');
  });
});
