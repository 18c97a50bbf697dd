import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { after, before, beforeEach, test } from 'node:test';
import { createCoreHandlers } from '../../src/bot/handle-command.js';
import { createPreferences } from '../../src/bot/preferences.js';
import type { CoreHandlers, IncomingAction, Requester } from '../../src/chat/port.js';
import { renderMessageBlocks } from '../../src/chat/slack/render-blocks.js';
import { translate } from '../../src/i18n/translate.js';
import { createLifecycleHooks } from '../../src/lifecycle/answer-lifecycle.js';
import { createClusterRecords, type ClusterRecord, type ClusterRecords } from '../../src/lifecycle/cluster-records.js';
import { expiryWarning } from '../../src/lifecycle/expiry-warning.js';
import { scaledClock } from '../../src/lifecycle/lifecycle-clock.js';
import { createClusterSchedule, jobIds, LIFECYCLE_QUEUE } from '../../src/lifecycle/lifecycle-jobs.js';
import { createPeople } from '../../src/lifecycle/people.js';
import { COMMANDS_QUEUE } from '../../src/queue/queues.js';
import { DEFAULT_RETENTION } from '../../src/queue/retention.js';
import { buildCoreHandlers } from '../support/core-handlers.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';
import { auditEntries } from './helpers.js';

/**
 * The bot's side of expiries, against a real Redis and real BullMQ queues: who may extend (the
 * owner, an admin, no one else), never beyond the maximum lifetime, what the buttons do, and
 * what the warning looks like on Slack.
 */
const HOUR = 3_600_000;
const redis = testRedis();
const clock = scaledClock(1, 0);
let prefix: string;
let records: ClusterRecords;
let lifecycle: Queue;
let commands: Queue;
let handlers: CoreHandlers;

const owner: Requester = { platform: 'slack', userId: 'U0OWNER', displayName: 'olivia', locale: 'en', tenantId: 'T1' };
const other: Requester = { platform: 'slack', userId: 'U0OTHER', displayName: 'oscar', locale: 'en', tenantId: 'T1' };
const admin: Requester = { platform: 'slack', userId: 'U0ADMIN', displayName: 'ada', locale: 'en', tenantId: 'T1' };
const conversation = { platform: 'slack' as const, channelId: 'C0GPU' };

before(() => {
  prefix = testPrefix();
  lifecycle = new Queue(LIFECYCLE_QUEUE, { connection: redis, prefix });
  commands = new Queue(COMMANDS_QUEUE, { connection: redis, prefix });
  records = createClusterRecords(redis, prefix);
  const built = buildCoreHandlers(redis, prefix, commands, {
    roles: { admins: ['slack:U0ADMIN'], creators: [], approvers: [] },
    supportsActions: true,
  });
  const schedule = createClusterSchedule(lifecycle, clock, 30 * 60_000, DEFAULT_RETENTION);
  handlers = createCoreHandlers({
    ...built.deps,
    limits: { ...built.deps.limits, maxClusterTtlMs: 24 * HOUR },
    lifecycle: createLifecycleHooks({
      records,
      schedule,
      clock,
      roles: { admins: ['slack:U0ADMIN'] },
      audit: built.audit,
      people: createPeople(createPreferences(redis, prefix), 'Asia/Shanghai'),
      maxClusterTtlMs: 24 * HOUR,
      warnBeforeMs: 30 * 60_000,
    }),
  });
});
after(async () => {
  await lifecycle.close();
  await commands.close();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

let cluster: ClusterRecord;
let n = 0;
beforeEach(async () => {
  n += 1;
  const now = clock.now();
  const tracked = await records.track({
    clusterId: `c0test${n}`,
    regionId: 'cn-hangzhou',
    name: `alpha${n}`,
    owner: 'slack:U0OWNER',
    requester: owner,
    conversation,
    requestId: `req${n}`,
    createdAt: now,
    ttlMs: 12 * HOUR,
    expiresAt: now + 12 * HOUR,
  });
  cluster = tracked.record;
  await createClusterSchedule(lifecycle, clock, 30 * 60_000, DEFAULT_RETENTION).schedule(cluster);
});

const press = (who: Requester, actionId: string, value = cluster.clusterId): IncomingAction => ({
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

/** When the cluster's delayed expiry job will run next (BullMQ keeps it in the delayed set, scored by time). */
async function expiryRunsAt(clusterId: string): Promise<number> {
  const score = await redis.zscore(`${prefix}:${LIFECYCLE_QUEUE}:delayed`, jobIds.expiry(clusterId));
  return Math.floor(Number(score) / 0x1000);
}

test('the owner presses "Extend 2h": the expiry, and its pending warning, move 2 hours later', async () => {
  const warnAt = cluster.expiresAt - 30 * 60_000;
  assert.ok(Math.abs((await expiryRunsAt(cluster.clusterId)) - warnAt) < 2000, 'first the warning');
  const reply = await handlers.action(press(owner, 'extend-2h'));
  assert.equal(reply?.rejected, false);
  assert.match(
    plain(reply),
    new RegExp(`Cluster ${cluster.name} now expires at .* Asia/Shanghai, in 13h 59m \\(extended by 2h\\)`),
  );
  assert.equal((await records.get(cluster.clusterId))?.expiresAt, cluster.expiresAt + 2 * HOUR);
  assert.ok(Math.abs((await expiryRunsAt(cluster.clusterId)) - (warnAt + 2 * HOUR)) < 2000, 'the pending job moved');
  const audit = (await auditEntries(redis, prefix)).filter((e) => e.target === cluster.name);
  assert.deepEqual(
    audit.map((e) => [e.action, e.actor]),
    [['lifecycle.extended', 'slack:U0OWNER']],
  );
});

test('someone else may not extend or delete; an admin may extend', async () => {
  const refused = await handlers.action(press(other, 'extend-8h'));
  assert.equal(refused?.rejected, true);
  assert.match(plain(refused), /belongs to olivia: only they or an admin may extend it/);
  const typed = await type(other, `/gpu-cluster extend ${cluster.name} 1h`);
  assert.equal(typed?.rejected, true);
  const deleting = await handlers.action(press(other, 'delete-now'));
  assert.match(plain(deleting), /only its owner or a gpubot admin can delete it/);
  assert.equal((await records.get(cluster.clusterId))?.expiresAt, cluster.expiresAt, 'nothing changed');
  assert.equal(await commands.count(), 0, 'nothing queued');

  const byAdmin = await type(admin, `/gpu-cluster extend ${cluster.name} 90m`);
  assert.equal(byAdmin?.rejected, false, plain(byAdmin));
  assert.equal((await records.get(cluster.clusterId))?.expiresAt, cluster.expiresAt + 1.5 * HOUR);
  const audit = (await auditEntries(redis, prefix)).filter((e) => e.target === cluster.name);
  assert.deepEqual(
    audit.map((e) => [e.action, e.actor, e.reason ?? '']),
    [
      ['command.refused', 'slack:U0OTHER', 'lifecycle.not_owner'],
      ['command.refused', 'slack:U0OTHER', 'lifecycle.not_owner'],
      ['command.refused', 'slack:U0OTHER', 'lifecycle.not_owner'],
      ['lifecycle.extended', 'slack:U0ADMIN', ''],
    ],
  );
});

test('never beyond the maximum lifetime; unknown names and gone clusters are said so', async () => {
  const tooFar = await type(owner, `/gpu-cluster extend ${cluster.name} 13h`);
  assert.equal(tooFar?.rejected, true);
  assert.match(plain(tooFar), /cannot be extended by 13h: clusters live at most 1d, .* Extend it by 12h or less\./);
  const beyondAnything = await type(owner, `/gpu-cluster extend ${cluster.name} 2d`);
  assert.match(plain(beyondAnything), /`2d` is longer than a cluster may live: at most 1d/);
  const unknown = await type(owner, '/gpu-cluster extend nosuch 1h');
  assert.match(plain(unknown), /no expiry for a cluster named nosuch\. Clusters with an expiry: .*alpha/);
  const gone = await handlers.action(press(owner, 'extend-2h', 'c0gone'));
  assert.match(plain(gone), /That cluster is gone/);
  assert.equal((await records.get(cluster.clusterId))?.expiresAt, cluster.expiresAt);
});

test('"Delete now" queues the delete of that very cluster (by id), in the conversation it came from', async () => {
  const reply = await handlers.action(press(owner, 'delete-now'));
  assert.equal(reply?.rejected, false);
  const [job] = await commands.getJobs(['waiting', 'prioritized', 'delayed']);
  assert.deepEqual(job?.data.command, { kind: 'cluster.delete', name: cluster.name, clusterId: cluster.clusterId });
  assert.deepEqual(job?.data.conversation, conversation);
  await commands.obliterate({ force: true });
});

test('the warning on Slack: three buttons, "Delete now" guarded by a confirm dialog', () => {
  const warning = expiryWarning(cluster, {
    now: cluster.expiresAt - 30 * 60_000,
    timeZone: 'UTC',
    maxTtlMs: 24 * HOUR,
    usage: undefined,
  });
  const rendered = renderMessageBlocks(warning, 'en');
  const actions = rendered.blocks.find((block) => block.type === 'actions') as {
    elements: { action_id: string; value: string; confirm?: unknown }[];
  };
  assert.deepEqual(
    actions.elements.map((e) => [e.action_id, e.value, e.confirm !== undefined]),
    [
      ['gpubot_extend-2h', cluster.clusterId, false],
      ['gpubot_extend-8h', cluster.clusterId, false],
      ['gpubot_delete-now', cluster.clusterId, true],
    ],
  );
  assert.match(rendered.text ?? '', new RegExp(`Cluster ${cluster.name} expires in 30m`));
  const zh = expiryWarning(cluster, {
    now: cluster.expiresAt - 90 * 60_000,
    timeZone: 'Asia/Shanghai',
    maxTtlMs: 24 * HOUR,
    usage: { pricePerHour: 3.8, currency: 'CNY' },
  });
  const lines = zh.lines.map((line) => translate('zh-CN', line)).join('\n');
  // 10.5 hours run at 3.80 an hour.
  assert.match(lines, /目前花费：39\.90 CNY（每小时 3\.80 CNY）/);
  assert.match(translate('zh-CN', zh.title ?? { key: 'verbatim' }), /将在 1小时30分钟后到期/);
});
