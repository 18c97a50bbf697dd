import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createDecisions, type Decisions } from '../../src/approvals/decisions.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

const request: ChatRequest = {
  requestId: 'req-decide',
  command: { kind: 'cluster.create', count: 40, instanceType: 'ecs.gn7-c12g1.3xlarge', name: 'big', region: 'cn-hangzhou' },
  requester: { platform: 'dingtalk', userId: 'staff1', locale: 'zh-CN' },
  conversation: { platform: 'dingtalk', channelId: 'cid1' },
  receivedAt: 0,
};

describe('decisions: confirm, then approve, with one winner', () => {
  let redis: Redis;
  let prefix: string;
  // Records expire in Redis by this clock too: it must be near the real one.
  let now = Date.now();
  let decisions: Decisions;
  before(() => {
    redis = testRedis();
    prefix = testPrefix();
    decisions = createDecisions({ redis, prefix, times: { confirmMs: 1000, approvalMs: 5000, keepMs: 60_000 }, now: () => now });
  });
  after(async () => {
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('confirm starts the approval clock; of ten approvers pressing at once exactly one decides', async () => {
    const token = await decisions.open(request, { confirm: true, approve: true });
    assert.match(token, /^[a-z0-9]{8}$/);
    const opened = await decisions.get(token);
    assert.equal(opened?.state, 'confirm');
    assert.equal(opened?.request.gate?.token, token);
    now += 500;
    const confirmed = await decisions.move(token, ['confirm'], 'approve', { principal: 'dingtalk:staff1' });
    assert.ok(confirmed.ok);
    assert.equal(confirmed.decision.expiresAt, now + 5000);
    const presses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        decisions.move(token, ['approve'], i % 2 ? 'approved' : 'rejected', { principal: `dingtalk:boss${i}` }),
      ),
    );
    const winners = presses.filter((p) => p.ok);
    assert.equal(winners.length, 1);
    const final = await decisions.get(token);
    assert.equal(final?.decidedBy, winners[0]?.decision?.decidedBy);
    assert.ok(presses.filter((p) => !p.ok).every((p) => !p.ok && p.why === 'state'));
  });

  it('a stage that lapsed cannot be decided any more, only expired; expiring early is refused', async () => {
    const token = await decisions.open(request, { confirm: true, approve: false });
    assert.equal((await decisions.move(token, ['confirm'], 'expired')).ok, false, 'not yet');
    now += 1000;
    const late = await decisions.move(token, ['confirm'], 'approved', { principal: 'dingtalk:staff1' });
    assert.deepEqual([late.ok, !late.ok && late.why], [false, 'expired']);
    const expired = await decisions.move(token, ['confirm'], 'expired');
    assert.ok(expired.ok);
    assert.equal(expired.decision.from, 'confirm');
    assert.equal((await decisions.move('zzzzzzzz', ['confirm'], 'approved')).ok, false);
    assert.equal(await decisions.get('not-a-token'), undefined);
  });
});
