import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fitsActionCard } from '../../../src/chat/dingtalk/action-card.js';
import { createDingTalkSender } from '../../../src/chat/dingtalk/dingtalk-sender.js';
import { resolveDingTalkSettings } from '../../../src/chat/dingtalk/settings.js';
import type { Requester } from '../../../src/chat/port.js';
import type { ClusterRecord } from '../../../src/lifecycle/cluster-records.js';
import { clusterIdleWarning } from '../../../src/lifecycle/cluster-idle-warning.js';
import { expiryWarning } from '../../../src/lifecycle/expiry-warning.js';
import { idleWarning } from '../../../src/lifecycle/idle-warning.js';
import type { NotebookRecord } from '../../../src/lifecycle/notebook-records.js';
import { FakeDingTalk } from '../../fakes/dingtalk/fake-dingtalk.js';
import { captureLogger } from './helpers.js';

/**
 * With DINGTALK_ACTION_CARD_TEMPLATE_ID the two-button idle warnings go as action cards (the
 * buttons answer through the card's callback); a warning the two-button template cannot carry
 * (the expiry's three) goes as markdown with the commands to type, instead of failing.
 */
const HOUR = 3_600_000;
const now = Date.parse('2026-11-29T10:00:00Z');
const alice: Requester = { platform: 'dingtalk', userId: 'staff-alice', displayName: 'Alice', locale: 'zh-CN' };
const conversation = { platform: 'dingtalk' as const, channelId: 'staff-alice' };
const cluster: ClusterRecord = {
  clusterId: 'c0123456789abcdef',
  regionId: 'cn-hangzhou',
  name: 'lab',
  owner: 'dingtalk:staff-alice',
  requester: alice,
  conversation,
  requestId: 'r1',
  createdAt: now - 6 * HOUR,
  ttlMs: 12 * HOUR,
  expiresAt: now + 30 * 60_000,
  state: 'active',
};
const notebook: NotebookRecord = {
  name: 'nb-train',
  clusterId: cluster.clusterId,
  regionId: 'cn-hangzhou',
  namespace: 'gpubot-notebooks',
  gpus: 1,
  owner: 'dingtalk:staff-alice',
  requester: alice,
  conversation,
  startedAt: now - 3 * HOUR,
  state: 'watching',
};

let fake: FakeDingTalk;
before(async () => {
  fake = await FakeDingTalk.start();
});
after(async () => {
  await fake.close();
});

test('the idle warnings fit the two-button card; the expiry warning does not and goes as markdown', async () => {
  const notebookIdle = idleWarning(notebook, {
    idleSince: now - 2 * HOUR,
    stopAt: now + 30 * 60_000,
    now,
    timeZone: 'Asia/Shanghai',
  });
  const clusterIdle = clusterIdleWarning(cluster, {
    idleSince: now - 4 * HOUR,
    deleteAt: now + HOUR,
    now,
    timeZone: 'Asia/Shanghai',
  });
  const expiry = expiryWarning(cluster, { now, timeZone: 'Asia/Shanghai', maxTtlMs: 7 * 24 * HOUR, usage: undefined });
  assert.equal(fitsActionCard(notebookIdle.actions ?? []), true);
  assert.equal(fitsActionCard(clusterIdle.actions ?? []), true);
  assert.equal(fitsActionCard(expiry.actions ?? []), false);

  const settings = {
    ...resolveDingTalkSettings({ clientId: fake.clientId, clientSecret: fake.clientSecret, apiUrl: fake.url }),
    actionCardTemplateId: 'GpubotActionCard',
  };
  const sender = createDingTalkSender(settings, captureLogger().logger);
  await sender.sendPrivate(alice, notebookIdle);
  const [card] = fake.calls('/v1.0/card/instances/createAndDeliver');
  assert.match(String(card?.body.outTrackId), /^gpubot_keepnotebook_stopnotebook_nb-train_[0-9a-f]{8}$/);
  assert.equal((card?.body.cardData as { cardParamMap: Record<string, string> }).cardParamMap['primaryLabel'], '继续运行');

  await sender.sendPrivate(alice, expiry);
  assert.equal(fake.calls('/v1.0/card/instances/createAndDeliver').length, 1, 'no card for three buttons');
  const [markdown] = fake.calls('/v1.0/robot/oToMessages/batchSend');
  assert.match(String((markdown?.body as { msgParam?: string }).msgParam), /\/gpu-cluster extend lab 2h/);
});
