import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Redis } from 'ioredis';
import type { AuditEntry } from '../../src/audit/audit-event.js';
import { auditStreamKey, createAuditLog } from '../../src/audit/audit-log.js';
import { captureLog } from '../support/capture-log.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

let redis: Redis;
const prefixes: string[] = [];
before(() => {
  redis = testRedis();
});
after(async () => {
  for (const prefix of prefixes) await cleanPrefix(redis, prefix);
  await redis.quit();
});

function fresh(options: { maxEntries?: number; retentionMs?: number; mirror?: (entry: AuditEntry) => Promise<void> } = {}) {
  const prefix = testPrefix();
  prefixes.push(prefix);
  const audit = createAuditLog({
    redis,
    prefix,
    retentionMs: options.retentionMs ?? 3600_000,
    maxEntries: options.maxEntries ?? 1000,
    log: captureLog().log,
    ...(options.mirror ? { mirror: options.mirror } : {}),
  });
  return { audit, prefix };
}

test('one call appends an entry anyone can read back, newest first, filtered', async () => {
  const { audit } = fresh();
  await audit.record({
    action: 'command.accepted',
    actor: 'slack:U0ALICE01',
    actorName: 'alice',
    command: 'cluster.create',
    target: 'demo',
  });
  await audit.record({ action: 'notebook.idle-stopped', actor: 'gpubot', target: 'nb1', reason: 'idle', pricePerHour: 12.5 });
  const all = await audit.recent({ limit: 10 });
  assert.deepEqual(
    all.map((e) => e.action),
    ['notebook.idle-stopped', 'command.accepted'],
  );
  assert.equal(all[0]?.pricePerHour, 12.5);
  assert.ok(all[0] && all[0].at > Date.now() - 60_000 && all[0].at <= Date.now() + 1000);
  const aboutDemo = await audit.recent({ limit: 10, match: (e) => e.target === 'demo' });
  assert.equal(aboutDemo.length, 1);
  assert.equal(aboutDemo[0]?.actorName, 'alice');
});

test('`once` records a retried event a single time, even concurrently', async () => {
  const { audit } = fresh();
  await Promise.all(
    Array.from({ length: 10 }, () =>
      audit.record({ action: 'cloud.create', actor: 'console:alice', requestId: 'r1' }, { once: 'r1:cloud.create' }),
    ),
  );
  assert.equal((await audit.recent({ limit: 100 })).length, 1);
});

test('the stream is trimmed by length (approximately, as Redis trims whole nodes)', async () => {
  const { audit, prefix } = fresh({ maxEntries: 100 });
  for (let i = 0; i < 600; i += 1) await audit.record({ action: 'command.accepted', actor: `console:u${i}` });
  const length = await redis.xlen(auditStreamKey(prefix));
  assert.ok(length < 600 && length >= 100, `stream length ${length}`);
});

test('entries older than the retention are trimmed (MINID)', async () => {
  const { audit, prefix } = fresh({ retentionMs: 200 });
  for (let i = 0; i < 300; i += 1) await audit.record({ action: 'command.accepted', actor: 'console:old' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await audit.record({ action: 'command.accepted', actor: 'console:new' });
  const left = await redis.xrange(auditStreamKey(prefix), '-', '+');
  assert.ok(left.length < 301, `old entries were trimmed (${left.length} left)`);
  assert.equal(left.at(-1)?.[1][3], 'console:new');
});

test('the mirror gets each entry once, and a failing mirror never loses the entry', async () => {
  const mirrored: AuditEntry[] = [];
  let fail = false;
  const { audit } = fresh({
    mirror: async (entry) => {
      if (fail) throw new Error('outbox down');
      mirrored.push(entry);
    },
  });
  await audit.record({ action: 'command.refused', actor: 'slack:U1', reason: 'scope.guest' });
  await audit.record({ action: 'command.refused', actor: 'slack:U1', reason: 'rate_limited' }, { quiet: true });
  fail = true;
  await audit.record({ action: 'command.accepted', actor: 'slack:U1' });
  assert.deepEqual(
    mirrored.map((e) => e.reason),
    ['scope.guest'],
  );
  assert.equal((await audit.recent({ limit: 10 })).length, 3);
});
