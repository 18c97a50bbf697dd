import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FakeSlackCall } from '../fakes/slack/fake-slack.js';
import { CHANNEL, describeCalls, SIGNING_SECRET, startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { dumpPrefix, testRedis } from '../support/test-redis.js';

/**
 * Who may use gpubot on Slack, through the real Bolt receiver and WebClient against the fake
 * Slack: the workspace from auth.test, users.info for Slack Connect members and guests, the rate
 * limit, roles from GPUBOT_ADMINS, the audit trail (page, JSON file, mirror channel) and
 * nicknames that carry markup.
 */
const ALICE = 'U0ALICE01';
const ADMIN = 'U0ADMIN001';
const AUDIT_CHANNEL = 'C0AUDIT001';
const dmOf = (user: string) => `D${user.slice(1)}`;
const isPost = (call: FakeSlackCall, channel: string) => call.method === 'chat.postMessage' && call.args.channel === channel;
const textOf = (call: FakeSlackCall) => String(call.args.text ?? '');
type Ack = { response_type?: string; text?: string; blocks?: { type: string; text?: { text: string } }[] };

describe('Slack governance: scope, rate limit, roles, audit, markup', () => {
  let h: SlackHarness;
  let notebookPassword = '';
  before(async () => {
    h = await startSlackHarness({
      env: { GPUBOT_ADMINS: `slack:${ADMIN}`, GPUBOT_COMMANDS_PER_MINUTE: '5', GPUBOT_AUDIT_CHANNEL: AUDIT_CHANNEL },
    });
  });
  after(async () => {
    await h.stop();
  });

  test('the workspace comes from auth.test at start', () => {
    assert.equal(h.slack.callsTo('auth.test').length, 1);
  });

  test('a command from another team (Slack Connect) is refused, privately, and queues nothing', async () => {
    const jobs = await h.commandJobs();
    const ack = await h.slash('/gpu-cluster', 'create 40 gn7', { userId: 'U0EXTERN1', teamId: 'T0OTHER01' });
    const body = ack.json<Ack>();
    assert.equal(body.response_type, 'ephemeral');
    assert.match(String(body.text), /only takes requests from members of the organisation it is installed in/);
    assert.equal(await h.commandJobs(), jobs);
  });

  test('a Slack Connect member in our channel (users.info: another team, is_stranger) is refused', async () => {
    h.slack.users.set('U0STRANGE', { team_id: 'T0OTHER01', is_stranger: true });
    const jobs = await h.slash('/gpu-cluster', 'list', { userId: 'U0STRANGE' });
    assert.match(String(jobs.json<Ack>().text), /belongs to another one/);
    assert.ok(h.slack.callsTo('users.info').some((c) => c.args.user === 'U0STRANGE'));
  });

  test('multi- and single-channel guests are refused', async () => {
    h.slack.users.set('U0GUEST01', { is_restricted: true });
    h.slack.users.set('U0GUEST02', { is_restricted: true, is_ultra_restricted: true });
    const before = await h.commandJobs();
    for (const guest of ['U0GUEST01', 'U0GUEST02']) {
      const ack = await h.slash('/notebook', 'start', { userId: guest });
      assert.match(String(ack.json<Ack>().text), /Guest accounts cannot use gpubot/);
    }
    assert.equal(await h.commandJobs(), before);
  });

  test('a button pressed by someone from another team is refused before anything else', async () => {
    const ask = await h.slash('/gpu-cluster', 'delete nothing-here', { userId: ALICE });
    const confirm = (
      ask
        .json<{ blocks: { type: string; elements?: { action_id: string; value: string }[] }[] }>()
        .blocks.find((b) => b.type === 'actions')?.elements ?? []
    ).find((b) => b.action_id === 'gpubot_confirm');
    assert.ok(confirm);
    const jobs = await h.commandJobs();
    await h.press('gpubot_confirm', confirm.value, 'U0EXTERN1', 'press-ext', 'mallory', 'T0OTHER01');
    await h.waitFor(() => h.slack.responses.some((r) => r.id === 'press-ext'), 'the answer to the external presser');
    const answer = h.slack.responses.find((r) => r.id === 'press-ext')?.body ?? {};
    assert.equal(answer.replace_original, false);
    assert.match(String(answer.text), /belongs to another one/);
    assert.equal(await h.commandJobs(), jobs);
    await h.press('gpubot_cancel', confirm.value, ALICE, 'press-cancel', 'alice');
    await h.waitFor(() => h.slack.responses.some((r) => r.id === 'press-cancel'), 'the cancel');
  });

  test('a flood gets one message, and the refused commands make no job and no cloud call', async () => {
    const jobs = await h.commandJobs();
    const creates = h.bot.emulator?.cloud.calls().CreateCluster ?? 0;
    const acks = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.slash('/gpu-cluster', `create 1 gn5 name=flood-${i}`, { userId: 'U0FLOOD01' })),
    );
    for (const ack of acks) assert.equal(ack.status, 200);
    const queued = acks.filter((a) => /Queued: GPU cluster flood-/.test(a.body));
    const told = acks.filter((a) => /commands in a minute/.test(a.body));
    const silent = acks.filter((a) => a.body === '');
    assert.deepEqual([queued.length, told.length, silent.length], [5, 1, 6]);
    await h.waitFor(() => (h.bot.emulator?.cloud.calls().CreateCluster ?? 0) >= creates + 5, 'the five creates');
    await h.bot.waitUntilIdle();
    assert.equal(await h.commandJobs(), jobs + 5);
    assert.equal(h.bot.emulator?.cloud.calls().CreateCluster, creates + 5);
  });

  test('a nickname full of markup is shown as plain text in the channel', async () => {
    const nick = '<https://evil.example/login|Click here> <!channel> <@U0ADMIN001> *boss*';
    const ack = await h.slash('/gpu-cluster', 'create 1 gn5 name=md', { userId: 'U0MARKDN1', userName: nick });
    assert.match(ack.body, /Queued/);
    await h.waitFor(
      () => h.slack.calls.some((c) => isPost(c, CHANNEL) && /GPU cluster md for/.test(textOf(c))),
      'the ready note',
    );
    const note = h.slack.calls.find((c) => isPost(c, CHANNEL) && /GPU cluster md for/.test(textOf(c))) as FakeSlackCall;
    const posted = JSON.stringify(note.args);
    for (const markup of ['<https://evil', '<!channel>', '<@U0ADMIN001>'])
      assert.ok(!posted.includes(markup), `${markup} in ${posted}`);
    assert.ok(posted.includes('&lt;https://evil.example/login|Click here&gt; &lt;!channel&gt; &lt;@U0ADMIN001&gt;'));
    const texts = (note.args.blocks as { text?: { type: string; verbatim?: boolean } }[]).flatMap((b) =>
      b.text ? [b.text] : [],
    );
    assert.ok(texts.length > 0 && texts.every((t) => t.type !== 'mrkdwn' || t.verbatim === true), 'no auto-linking of data');
  });

  test("an admin can stop someone's notebook but not read its password", async () => {
    await h.slash('/gpu-cluster', 'create 1 gn5 name=alices', { userId: ALICE, userName: 'alice' });
    await h.waitFor(
      () => h.slack.calls.some((c) => isPost(c, dmOf(ALICE)) && /cluster alices is ready/.test(textOf(c))),
      'ready',
      20_000,
    );
    await h.slash('/notebook', 'start cluster=alices name=nb-alice', { userId: ALICE, userName: 'alice' });
    await h.waitFor(
      () => h.slack.calls.some((c) => isPost(c, dmOf(ALICE)) && /notebook nb-alice is ready/i.test(textOf(c))),
      'nb',
      20_000,
    );
    const clusterId = h.bot.emulator?.cloud.clusters().find((c) => c.name === 'alices')?.clusterId ?? '';
    const secret = h.bot.emulator?.kube.objects(clusterId).find((o) => o.kind === 'Secret' && o.name === 'nb-alice')?.body as {
      data: Record<string, string>;
    };
    const password = Buffer.from(secret.data.password ?? '', 'base64').toString('utf8');
    assert.ok(password.length >= 16);
    notebookPassword = password;

    const ask = await h.slash('/notebook', 'password nb-alice', { userId: ADMIN, userName: 'admin' });
    assert.match(ask.body, /password of nb-alice/);
    await h.waitFor(
      () => h.slack.calls.some((c) => isPost(c, dmOf(ADMIN)) && /goes only to its owner/.test(textOf(c))),
      'the refusal to the admin',
    );
    const stop = await h.slash('/notebook', 'stop nb-alice', { userId: ADMIN, userName: 'admin' });
    assert.match(stop.body, /Queued: stop notebook nb-alice/);
    await h.waitFor(
      () => h.slack.calls.some((c) => isPost(c, CHANNEL) && /nb-alice/.test(textOf(c)) && /stopped/i.test(textOf(c))),
      'stopped',
    );
    await h.bot.waitUntilIdle();
    const toAdmin = h.slack.calls.filter((c) => c.args.channel === dmOf(ADMIN));
    assert.ok(!JSON.stringify(toAdmin).includes(password), `the admin never got the password:\n${describeCalls(toAdmin)}`);
  });

  test('only admins read the audit log; it shows the story and holds no secret', async () => {
    const refused = await h.slash('/gpu-cluster', 'audit', { userId: ALICE, userName: 'alice' });
    assert.match(refused.body, /Only gpubot admins/);

    const page = await h.slash('/gpu-cluster', 'audit', { userId: ADMIN, userName: 'admin' });
    const lines = (page.json<Ack>().blocks ?? []).map((b) => b.text?.text ?? '').join('\n');
    for (const expected of [
      /slack:U0ALICE01 \(alice\) · command\.refused · cluster\.audit · reason role\.not_admin/,
      /slack:U0ADMIN001 \(admin\) · job\.failed · notebook\.password nb-alice · reason notebook\.password_not_owner/,
      /slack:U0ADMIN001 \(admin\) · cloud\.delete|slack:U0ADMIN001 \(admin\) · job\.succeeded · notebook\.stop nb-alice/,
    ]) {
      assert.match(lines, expected);
    }

    const aboutMd = await h.slash('/gpu-cluster', 'audit md', { userId: ADMIN, userName: 'admin' });
    const mdLines = (aboutMd.json<Ack>().blocks ?? []).map((b) => b.text?.text ?? '').join('\n');
    assert.match(mdLines, /command\.accepted · cluster\.create md · 1 × ecs\.gn5-\S+ in cn-hangzhou/);
    assert.match(mdLines, /cloud\.create · cluster\.create md · c\w+: 1 × ecs\.gn5/);
    assert.match(mdLines, /job\.succeeded · cluster\.create md/);
    assert.ok(!mdLines.includes('flood-'), 'the filter keeps to md');

    const json = await h.slash('/gpu-cluster', 'audit --json', { userId: ADMIN, userName: 'admin' });
    assert.match(json.body, /as a JSON file, in a direct message/);
    await h.waitFor(() => [...h.slack.files.values()].some((f) => f.completed), 'the uploaded file');
    const file = [...h.slack.files.values()].find((f) => f.completed);
    assert.equal(file?.channel, dmOf(ADMIN), 'into the admin’s DM only');
    assert.ok(
      h.slack.callsTo('files.getUploadURLExternal').length >= 1 && h.slack.callsTo('files.completeUploadExternal').length >= 1,
    );
    const entries = JSON.parse(file?.content ?? '[]') as { action: string; reason?: string; actor: string }[];
    const reasons = new Set(entries.map((e) => e.reason));
    for (const reason of ['scope.external', 'scope.guest', 'rate_limited', 'role.not_admin'])
      assert.ok(reasons.has(reason), reason);
    assert.equal(entries.filter((e) => e.reason === 'rate_limited').length, 1, 'one entry per flood');
    assert.ok(entries.some((e) => e.action === 'cloud.create'));

    const redis = testRedis();
    const stored = await dumpPrefix(redis, h.prefix);
    await redis.quit();
    const clusterId = h.bot.emulator?.cloud.clusters().find((c) => c.name === 'alices')?.clusterId ?? '';
    const passwords = (h.bot.emulator?.kube.objects(clusterId) ?? [])
      .filter((o) => o.kind === 'Secret')
      .map((o) => Buffer.from((o.body as { data: Record<string, string> }).data.password ?? '', 'base64').toString('utf8'));
    assert.equal(passwords.length, 0, 'the stopped notebook took its Secret with it');
    for (const secret of [h.slack.botToken, SIGNING_SECRET, 'slack-e2e-sealing-key', notebookPassword]) {
      assert.ok(secret.length > 0);
      assert.ok(!file?.content?.includes(secret), 'no secret in the export');
      assert.ok(!stored.includes(secret), 'no secret in Redis');
      assert.ok(!h.logs().includes(secret), 'no secret in the logs');
    }
  });

  test('every entry is mirrored to GPUBOT_AUDIT_CHANNEL through the outbox, markup escaped', async () => {
    await h.waitFor(
      () => h.slack.calls.some((c) => isPost(c, AUDIT_CHANNEL) && /reason scope\.guest/.test(textOf(c))),
      'the mirrored refusal',
    );
    const mirrored = h.slack.calls.filter((c) => isPost(c, AUDIT_CHANNEL));
    assert.ok(mirrored.some((c) => /cloud\.create/.test(textOf(c))));
    assert.ok(!JSON.stringify(mirrored).includes('<!channel>'));
  });
});
