import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { after, before, beforeEach, test } from 'node:test';
import { createCoreHandlers } from '../../src/bot/handle-command.js';
import { createPreferences } from '../../src/bot/preferences.js';
import type { CoreHandlers, IncomingAction, Requester } from '../../src/chat/port.js';
import { renderMessageBlocks } from '../../src/chat/slack/render-blocks.js';
import { translate } from '../../src/i18n/translate.js';
import { createLifecycleHooks } from '../../src/lifecycle/answer-lifecycle.js';
import { createIdleAnswers } from '../../src/lifecycle/answer-notebook-idle.js';
import { createClusterIdleAnswers } from '../../src/lifecycle/answer-cluster-idle.js';
import { createClusterIdleStates, type ClusterIdleStates } from '../../src/lifecycle/cluster-idle-records.js';
import { createClusterRecords, type ClusterRecords } from '../../src/lifecycle/cluster-records.js';
import { idleWarning } from '../../src/lifecycle/idle-warning.js';
import { scaledClock } from '../../src/lifecycle/lifecycle-clock.js';
import { createClusterSchedule, jobIds, LIFECYCLE_QUEUE } from '../../src/lifecycle/lifecycle-jobs.js';
import { createNotebookRecords, type NotebookRecord, type NotebookRecords } from '../../src/lifecycle/notebook-records.js';
import { createNotebookSchedule } from '../../src/lifecycle/notebook-schedule.js';
import { createPeople } from '../../src/lifecycle/people.js';
import { COMMANDS_QUEUE } from '../../src/queue/queues.js';
import { DEFAULT_RETENTION } from '../../src/queue/retention.js';
import { buildCoreHandlers } from '../support/core-handlers.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';
import { auditEntries } from './helpers.js';

/**
 * The bot's side of idle notebooks, against a real Redis and real BullMQ queues: who may keep a
 * notebook running or stop it from its warning, what "Keep running" moves, what the warning
 * looks like on Slack, and the records' races (a keep beats a stop that has not been claimed).
 */
const HOUR = 3_600_000;
const redis = testRedis();
const clock = scaledClock(1, 0);
let prefix: string;
let notebooks: NotebookRecords;
let lifecycle: Queue;
let commands: Queue;
let handlers: CoreHandlers;
let clusters: ClusterRecords;
let clusterIdle: ClusterIdleStates;

const owner: Requester = { platform: 'slack', userId: 'U0OWNER', displayName: 'olivia', locale: 'en', tenantId: 'T1' };
const other: Requester = { platform: 'slack', userId: 'U0OTHER', displayName: 'oscar', locale: 'en', tenantId: 'T1' };
const admin: Requester = { platform: 'slack', userId: 'U0ADMIN', displayName: 'ada', locale: 'en', tenantId: 'T1' };
const conversation = { platform: 'slack' as const, channelId: 'C0GPU' };

before(() => {
  prefix = testPrefix();
  lifecycle = new Queue(LIFECYCLE_QUEUE, { connection: redis, prefix });
  commands = new Queue(COMMANDS_QUEUE, { connection: redis, prefix });
  notebooks = createNotebookRecords(redis, prefix);
  const built = buildCoreHandlers(redis, prefix, commands, {
    roles: { admins: ['slack:U0ADMIN'], creators: [], approvers: [] },
    supportsActions: true,
  });
  clusters = createClusterRecords(redis, prefix);
  clusterIdle = createClusterIdleStates(redis, prefix);
  handlers = createCoreHandlers({
    ...built.deps,
    lifecycle: createLifecycleHooks({
      records: clusters,
      clusterIdle: createClusterIdleAnswers({
        records: clusters,
        idle: clusterIdle,
        clock,
        roles: { admins: ['slack:U0ADMIN'] },
        audit: built.audit,
        idleMs: 4 * HOUR,
      }),
      schedule: createClusterSchedule(lifecycle, clock, 30 * 60_000, DEFAULT_RETENTION),
      clock,
      roles: { admins: ['slack:U0ADMIN'] },
      audit: built.audit,
      people: createPeople(createPreferences(redis, prefix), 'UTC'),
      maxClusterTtlMs: 24 * HOUR,
      warnBeforeMs: 30 * 60_000,
      idle: createIdleAnswers({
        notebooks,
        schedule: createNotebookSchedule(lifecycle, clock, DEFAULT_RETENTION),
        clock,
        roles: { admins: ['slack:U0ADMIN'] },
        audit: built.audit,
        idleMs: 2 * HOUR,
      }),
    }),
  });
});
after(async () => {
  await lifecycle.close();
  await commands.close();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

let notebook: NotebookRecord;
let n = 0;
beforeEach(async () => {
  n += 1;
  notebook = await notebooks.watch({
    name: `nb-${n}`,
    clusterId: 'c0lab',
    regionId: 'cn-hangzhou',
    namespace: 'gpubot-notebooks',
    gpus: 1,
    owner: 'slack:U0OWNER',
    requester: owner,
    conversation,
    startedAt: clock.now() - 3 * HOUR,
  });
});

const press = (who: Requester, actionId: string, value = notebook.name): IncomingAction => ({
  deliveryId: `press-${Math.random()}`,
  actionId,
  value,
  requester: who,
  conversation: { platform: 'slack', channelId: `D-${who.userId}` },
});
const type = (who: Requester, text: string) =>
  handlers.command({ deliveryId: `cmd-${Math.random()}`, text, requester: who, conversation });
const plain = (reply: Awaited<ReturnType<CoreHandlers['command']>>) =>
  reply ? reply.message.lines.map((line) => translate('en', line)).join(' ') : '';

async function idleJobRunsAt(name: string): Promise<number> {
  const score = await redis.zscore(`${prefix}:${LIFECYCLE_QUEUE}:delayed`, jobIds.notebookIdle(name));
  return Math.floor(Number(score) / 0x1000);
}

test('"Keep running" takes the warning back and looks again after the whole idle time', async () => {
  const warnedAt = clock.now() - 10 * 60_000;
  assert.equal(await notebooks.markWarned(notebook.name, warnedAt), warnedAt);
  assert.equal(await notebooks.markWarned(notebook.name, clock.now()), warnedAt, 'warned once');
  const before = clock.now();
  const reply = await handlers.action(press(owner, 'keepnotebook'));
  assert.equal(reply?.rejected, false, plain(reply));
  assert.match(plain(reply), new RegExp(`Notebook ${notebook.name} keeps running\\. gpubot warns you again after 2h`));
  const kept = await notebooks.get(notebook.name);
  assert.equal(kept?.warnedAt, undefined);
  assert.ok((kept?.keptAt ?? 0) >= before);
  assert.ok(Math.abs((await idleJobRunsAt(notebook.name)) - (before + 2 * HOUR)) < 2000, 'the idle job moved');
  assert.equal(await notebooks.claimStop(notebook.name, warnedAt), false, 'the stop of the taken-back warning cannot be claimed');
  const audit = (await auditEntries(redis, prefix)).filter((e) => e.target === notebook.name);
  assert.deepEqual(
    audit.map((e) => [e.action, e.actor]),
    [['lifecycle.kept', 'slack:U0OWNER']],
  );
});

test('someone else may neither keep nor stop it; an admin may keep it by typing', async () => {
  const pressed = await handlers.action(press(other, 'keepnotebook'));
  assert.equal(pressed?.rejected, true);
  assert.match(plain(pressed), /Notebook nb-\d+ belongs to olivia: only they or an admin may keep it running/);
  const typed = await type(other, `/notebook keep ${notebook.name}`);
  assert.equal(typed?.rejected, true);
  const stop = await handlers.action(press(other, 'stopnotebook'));
  assert.equal(stop?.rejected, true);
  assert.equal(await commands.count(), 0, 'nothing queued');
  assert.equal((await notebooks.get(notebook.name))?.keptAt, undefined, 'nothing changed');

  const byAdmin = await type(admin, `/notebook keep ${notebook.name}`);
  assert.equal(byAdmin?.rejected, false, plain(byAdmin));
  assert.ok((await notebooks.get(notebook.name))?.keptAt);
});

test('a notebook already being stopped cannot be kept; an unknown one is said so', async () => {
  const warnedAt = clock.now() - HOUR;
  await notebooks.markWarned(notebook.name, warnedAt);
  assert.equal(await notebooks.claimStop(notebook.name, warnedAt), true);
  assert.equal(await notebooks.claimStop(notebook.name, warnedAt), true, 'claiming again is the same claim');
  const late = await type(owner, `/notebook keep ${notebook.name}`);
  assert.equal(late?.rejected, true);
  assert.match(plain(late), /is already being stopped: it sat idle/);
  const unknown = await type(owner, '/notebook keep nb-nosuch');
  assert.match(plain(unknown), /not watching a running notebook named nb-nosuch\. Notebooks it watches: .*nb-/);
});

test('"Stop now" queues the owner\'s stop of that notebook, in the conversation it started from', async () => {
  const reply = await handlers.action(press(owner, 'stopnotebook'));
  assert.equal(reply?.rejected, false, plain(reply));
  const [job] = await commands.getJobs(['waiting', 'prioritized', 'delayed']);
  assert.deepEqual(job?.data.command, { kind: 'notebook.stop', name: notebook.name });
  assert.deepEqual(job?.data.conversation, conversation);
  await commands.obliterate({ force: true });
});

test('the warning on Slack: "Keep running", and "Stop now" guarded by a confirm dialog; in Chinese too', () => {
  const now = clock.now();
  const warning = idleWarning(notebook, { idleSince: now - 2 * HOUR, stopAt: now + 30 * 60_000, now, timeZone: 'UTC' });
  const rendered = renderMessageBlocks(warning, 'en');
  const actions = rendered.blocks.find((block) => block.type === 'actions') as {
    elements: { action_id: string; value: string; confirm?: unknown }[];
  };
  assert.deepEqual(
    actions.elements.map((e) => [e.action_id, e.value, e.confirm !== undefined]),
    [
      ['gpubot_keepnotebook', notebook.name, false],
      ['gpubot_stopnotebook', notebook.name, true],
    ],
  );
  assert.match(rendered.text ?? '', new RegExp(`Notebook ${notebook.name} has been idle for 2h`));
  const zh = warning.lines.map((line) => translate('zh-CN', line)).join('\n');
  assert.match(zh, /没有任何活动.*释放 1 块 GPU/);
  assert.match(translate('zh-CN', warning.title ?? { key: 'verbatim' }), /已空闲 2小时/);
});

test('an idle cluster: its owner keeps it (the warning is taken back), nobody else may; a claimed deletion cannot be kept', async () => {
  const { record } = await clusters.track({
    clusterId: 'c0idle1',
    regionId: 'cn-hangzhou',
    name: 'quiet',
    owner: 'slack:U0OWNER',
    requester: owner,
    conversation,
    requestId: 'req-quiet',
    createdAt: clock.now() - 6 * HOUR,
    ttlMs: 12 * HOUR,
    expiresAt: clock.now() + 6 * HOUR,
  });
  const idleSince = clock.now() - 5 * HOUR;
  await clusterIdle.seenIdle(record.clusterId, idleSince);
  const warnedAt = await clusterIdle.markWarned(record.clusterId, clock.now() - 10 * 60_000);
  assert.ok(warnedAt);

  const refused = await handlers.action(press(other, 'keepcluster', record.clusterId));
  assert.equal(refused?.rejected, true);
  assert.match(plain(refused), /Cluster quiet belongs to olivia: only they or an admin may keep it running/);
  assert.equal((await clusterIdle.get(record.clusterId))?.warnedAt, warnedAt, 'nothing changed');

  const kept = await handlers.action(press(owner, 'keepcluster', record.clusterId));
  assert.equal(kept?.rejected, false, plain(kept));
  assert.match(
    plain(kept),
    /Cluster quiet keeps running\. gpubot warns you again after 4h without a notebook or a pod using a GPU/,
  );
  const state = await clusterIdle.get(record.clusterId);
  assert.equal(state?.warnedAt, undefined);
  assert.ok((state?.idleSince ?? 0) > idleSince, 'idle counts from the keep');
  assert.equal(await clusterIdle.claimDelete(record.clusterId, warnedAt), false, 'the taken-back warning deletes nothing');

  const again = await clusterIdle.markWarned(record.clusterId, clock.now());
  assert.ok(again);
  assert.equal(await clusterIdle.claimDelete(record.clusterId, again), true);
  const late = await type(owner, '/gpu-cluster keep quiet');
  assert.equal(late?.rejected, true);
  assert.match(plain(late), /Cluster quiet is already being deleted: it sat idle/);
  const unknown = await type(owner, '/gpu-cluster keep nosuch');
  assert.match(plain(unknown), /no running cluster named nosuch\. Clusters it keeps: quiet/);
});

test('an idle cluster\'s "Delete now" queues the delete of that very cluster (by id); nobody else may press it', async () => {
  const { record } = await clusters.track({
    clusterId: 'c0idle2',
    regionId: 'cn-hangzhou',
    name: 'quiet2',
    owner: 'slack:U0OWNER',
    requester: owner,
    conversation,
    requestId: 'req-quiet2',
    createdAt: clock.now() - 6 * HOUR,
    ttlMs: 12 * HOUR,
    expiresAt: clock.now() + 6 * HOUR,
  });
  const refused = await handlers.action(press(other, 'deletecluster', record.clusterId));
  assert.equal(refused?.rejected, true);
  assert.equal(await commands.count(), 0, 'nothing queued');
  const reply = await handlers.action(press(owner, 'deletecluster', record.clusterId));
  assert.equal(reply?.rejected, false, plain(reply));
  const [job] = await commands.getJobs(['waiting', 'prioritized', 'delayed']);
  assert.deepEqual(job?.data.command, { kind: 'cluster.delete', name: 'quiet2', clusterId: 'c0idle2' });
  await commands.obliterate({ force: true });
});
