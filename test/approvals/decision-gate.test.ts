import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createDecisionGate } from '../../src/approvals/decision-gate.js';
import { createDecisions, type Decisions } from '../../src/approvals/decisions.js';
import { createAuditLog, type AuditLog } from '../../src/audit/audit-log.js';
import { translate } from '../../src/i18n/translate.js';
import type { JobGate } from '../../src/jobs/job-gate.js';
import type { Message } from '../../src/messages/model.js';
import type { Notifier } from '../../src/outbox/notifier.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { captureLog } from '../support/capture-log.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

const MINUTE = 60_000;
const request = (id: string): ChatRequest => ({
  requestId: id,
  command: { kind: 'cluster.create', count: 4, instanceType: 'ecs.gn5-c4g1.xlarge', name: 'gated', region: 'cn-hangzhou' },
  requester: { platform: 'slack', userId: 'U0ALICE', displayName: 'alice', locale: 'en' },
  conversation: { platform: 'slack', channelId: 'C1' },
  receivedAt: Date.now(),
  quote: { perHour: 44.5, workers: 43.49, cluster: 1.01, currency: 'CNY' },
});

/** What the gate sent through the outbox port: (to, key, message). */
interface Sent {
  readonly to: string;
  readonly key: string;
  readonly text: string;
}

/**
 * The worker's side of decisions, on a real Redis and a moving clock: it waits while people
 * decide, sends the approval request once however often the job wakes, and closes what was
 * rejected or lapsed with one message to the requester and one audit entry.
 */
describe('decision gate', () => {
  let redis: Redis;
  let prefix: string;
  let offset = 0;
  const now = () => Date.now() + offset;
  let decisions: Decisions;
  let audit: AuditLog;
  let gate: JobGate;
  const sent: Sent[] = [];
  const record = (to: string, key: string, message: Message) =>
    sent.push({ to, key, text: message.lines.map((line) => translate('en', line)).join(' ') });
  const notifier: Notifier = {
    progress: () => Promise.resolve(),
    toConversation: (r, key, message) => Promise.resolve(void record(r.conversation.channelId, key, message)),
    toRequester: (r, key, message) => Promise.resolve(void record(r.requester.userId, key, message)),
  };
  before(() => {
    redis = testRedis();
    prefix = testPrefix();
    decisions = createDecisions({
      redis,
      prefix,
      times: { confirmMs: 15 * MINUTE, approvalMs: 60 * MINUTE, keepMs: 60 * MINUTE },
      now,
    });
    audit = createAuditLog({ redis, prefix, retentionMs: 3600_000, maxEntries: 1000, log: captureLog().log });
    gate = createDecisionGate({
      decisions,
      notifier,
      audit,
      approvers: ['slack:U0BOSS', 'slack:U0ALICE', 'dingtalk:boss'],
      approvalChannel: { platform: 'slack', channelId: 'C0APPROVE' },
      localeOf: (person) => Promise.resolve(person.locale),
      now,
      recheckMs: MINUTE,
    });
  });
  after(async () => {
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('waits for the requester, then closes a lapsed confirmation once, telling them', async () => {
    const token = await decisions.open(request('g1'), { confirm: true, approve: false });
    const waiting = await gate({ ...request('g1'), gate: { token } });
    assert.deepEqual(waiting, { kind: 'wait', afterMs: MINUTE });
    offset += 16 * MINUTE;
    const closed = await gate({ ...request('g1'), gate: { token } });
    assert.equal(closed.kind === 'closed' && closed.code, 'confirmation.expired');
    assert.match(
      closed.kind === 'closed' && closed.message ? translate('en', closed.message.lines[0] ?? { key: 'verbatim' }) : '',
      /did not confirm/,
    );
    await gate({ ...request('g1'), gate: { token } });
    const entries = await audit.recent({ limit: 10, match: (e) => e.requestId === 'g1' });
    assert.deepEqual(
      entries.map((e) => [e.action, e.actor, e.pricePerHour]),
      [['confirmation.expired', 'gpubot', 44.5]],
    );
  });

  it('asks the approvers on the platform (not the requester) and the channel once, then closes what lapsed', async () => {
    const token = await decisions.open(request('g2'), { confirm: false, approve: true });
    for (let i = 0; i < 3; i += 1) assert.equal((await gate({ ...request('g2'), gate: { token } })).kind, 'wait');
    const asked = sent.filter((s) => s.key.startsWith('approval-'));
    assert.deepEqual(asked.map((s) => s.to).sort(), ['C0APPROVE', 'U0BOSS'], 'the boss and the channel; not alice, not DingTalk');
    assert.match(
      asked[0]?.text ?? '',
      /alice \(slack:U0ALICE\) asks for 4 × ecs\.gn5-c4g1\.xlarge in cn-hangzhou[^]*≈ ¥44\.50\/hour/,
    );
    offset += 61 * MINUTE;
    const closed = await gate({ ...request('g2'), gate: { token } });
    assert.equal(closed.kind === 'closed' && closed.code, 'approval.expired');
    const actions = (await audit.recent({ limit: 10, match: (e) => e.requestId === 'g2' })).map((e) => e.action).reverse();
    assert.deepEqual(actions, ['approval.requested', 'approval.expired']);
  });

  it('runs what was approved (telling the requester who approved it) and closes what was rejected', async () => {
    const approved = await decisions.open(request('g3'), { confirm: false, approve: true });
    await decisions.move(approved, ['approve'], 'approved', { principal: 'slack:U0BOSS', name: 'boss' });
    assert.deepEqual(await gate({ ...request('g3'), gate: { token: approved } }), { kind: 'proceed' });
    assert.match(sent.find((s) => s.key === 'approval-granted')?.text ?? '', /^boss approved your request/);
    const rejected = await decisions.open(request('g4'), { confirm: false, approve: true });
    await decisions.move(rejected, ['approve'], 'rejected', { principal: 'slack:U0BOSS', name: 'boss' });
    const closed = await gate({ ...request('g4'), gate: { token: rejected } });
    assert.equal(closed.kind === 'closed' && closed.code, 'approval.rejected');
    assert.deepEqual(await gate(request('g5')), { kind: 'proceed' }, 'a request without a gate runs');
  });
});
