import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { IncomingCommand, Requester } from '../../src/chat/port.js';
import { createAuditLog } from '../../src/audit/audit-log.js';
import { createClusterRecords } from '../../src/lifecycle/cluster-records.js';
import { resolveScale } from '../../src/lifecycle/resolve-scale.js';
import { translate } from '../../src/i18n/translate.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';
import { captureLog } from '../support/capture-log.js';
import { auditEntries } from './helpers.js';

/** Who may scale which cluster, from gpubot's records: the owner or an admin; everyone else is refused and audited. */
const redis = testRedis();
const prefix = testPrefix();
after(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

const person = (userId: string, displayName: string): Requester => ({
  platform: 'slack',
  userId,
  displayName,
  locale: 'en',
  tenantId: 'T1',
});
const owner = person('U0OWNER', 'olivia');
const other = person('U0OTHER', 'oscar');
const admin = person('U0ADMIN', 'ada');
const incoming = (requester: Requester): IncomingCommand => ({
  deliveryId: `d-${requester.userId}-${Math.random()}`,
  text: '/gpu-cluster scale big 3',
  requester,
  conversation: { platform: 'slack', channelId: 'C0GPU' },
});

test('the owner and an admin may scale a cluster; someone else is refused, and it is audited', async () => {
  const records = createClusterRecords(redis, prefix);
  await records.track({
    clusterId: 'c-big',
    regionId: 'cn-hangzhou',
    name: 'big',
    owner: 'slack:U0OWNER',
    requester: owner,
    conversation: { platform: 'slack', channelId: 'C0GPU' },
    requestId: 'req-big',
    createdAt: Date.now(),
    ttlMs: 3_600_000,
    expiresAt: Date.now() + 3_600_000,
    instanceType: 'ecs.gn5-c4g1.xlarge',
    nodes: 1,
  });
  const deps = {
    records,
    roles: { admins: ['slack:U0ADMIN'] },
    audit: createAuditLog({ redis, prefix, retentionMs: 3_600_000, maxEntries: 1000, log: captureLog().log }),
  };
  const command = { kind: 'cluster.scale' as const, name: 'big', count: 3 };

  const mine = await resolveScale(deps, command, incoming(owner));
  assert.equal(mine.kind, 'resolved');
  assert.deepEqual(mine.kind === 'resolved' ? mine.command.target : undefined, {
    clusterId: 'c-big',
    regionId: 'cn-hangzhou',
    instanceType: 'ecs.gn5-c4g1.xlarge',
    from: 1,
    createRequestId: 'req-big',
  });
  assert.equal((await resolveScale(deps, command, incoming(admin))).kind, 'resolved');

  const refused = await resolveScale(deps, command, incoming(other));
  assert.equal(refused.kind, 'refused');
  const line = refused.kind === 'refused' ? translate('en', refused.reply.message.lines[0] ?? { key: 'verbatim' }) : '';
  assert.equal(line, 'Cluster big belongs to olivia: only they or an admin may scale it.');
  const audit = (await auditEntries(redis, prefix)).filter((e) => e.action === 'command.refused');
  assert.equal(audit.length, 1);
  assert.equal(audit[0]?.reason, 'scale.not_owner');
  assert.equal(audit[0]?.command, 'cluster.scale');
});

test('a cluster adopted from its tags is refused with why and what to do instead, and it is audited', async () => {
  const records = createClusterRecords(redis, prefix);
  // What reconciling writes for a gpubot cluster it finds without a record: no workers, no create request.
  await records.track({
    clusterId: 'c-adopted',
    regionId: 'cn-hangzhou',
    name: 'found',
    owner: 'slack:U0OWNER',
    requester: owner,
    conversation: { platform: 'slack', channelId: 'D0OWNER' },
    requestId: '',
    createdAt: Date.now(),
    ttlMs: 3_600_000,
    expiresAt: Date.now() + 3_600_000,
  });
  const audit = createAuditLog({ redis, prefix, retentionMs: 3_600_000, maxEntries: 1000, log: captureLog().log });
  const deps = { records, roles: { admins: ['slack:U0ADMIN'] }, audit };
  const refused = await resolveScale(deps, { kind: 'cluster.scale', name: 'found', count: 2 }, incoming(owner));
  assert.equal(refused.kind, 'refused');
  const line = refused.kind === 'refused' ? translate('en', refused.reply.message.lines[0] ?? { key: 'verbatim' }) : '';
  assert.match(line, /^gpubot cannot scale cluster found: it adopted the cluster from its tags/);
  assert.match(line, /Nothing was changed\. Instead, create a cluster of the size you need .* \(\/gpu-cluster delete found\)\.$/);
  assert.equal(refused.kind === 'refused' && refused.reply.privateOnly, true);
  const reasons = (await auditEntries(redis, prefix)).map((e) => e.reason);
  assert.ok(reasons.includes('scale.unknown_workers'), reasons.join(', '));
});
