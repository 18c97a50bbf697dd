import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import type { QueuedCommand } from '../../src/commands/types.js';
import type { SpendLimits } from '../../src/config/config.js';
import type { ChatRequest } from '../../src/queue/request.js';
import { createReservations, type Reservations } from '../../src/reservations/reservations.js';
import {
  dayOf,
  userClusters,
  userGpuMinutes,
  userGpus,
  userNotebooks,
  workspaceGpus,
  workspaceSpend,
} from '../../src/reservations/resources.js';
import { createSpendLedger, type SpendLedger } from '../../src/spend/spend-ledger.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

const LIMITS: SpendLimits = {
  userGpus: 8,
  userClusters: 2,
  userNotebooks: 2,
  userGpuHoursPerDay: 5,
  workspaceGpus: 12,
  workspaceSpendPerDay: 100,
};
/** Daily totals expire in Redis by the real clock: the test's day is today. */
const NOW = Date.now();
const DAY = dayOf(NOW);

function request(id: string, command: QueuedCommand, user = 'alice', team = 'T1'): ChatRequest {
  return {
    requestId: id,
    command,
    requester: { platform: 'slack', userId: user, locale: 'en', tenantId: team },
    conversation: { platform: 'slack', channelId: 'C1' },
    receivedAt: NOW,
  };
}
const create = (count: number, instanceType = 'ecs.gn5-c4g1.xlarge'): QueuedCommand => ({
  kind: 'cluster.create',
  count,
  instanceType,
  name: `c${count}`,
  region: 'cn-hangzhou',
});

describe('spend ledger: per-user and per-workspace limits held at request time', () => {
  let redis: Redis;
  let prefix: string;
  let reservations: Reservations;
  let ledger: SpendLedger;
  before(() => {
    redis = testRedis();
    prefix = testPrefix();
    reservations = createReservations({ redis, prefix, now: () => NOW });
    ledger = createSpendLedger({ redis, prefix, reservations, limits: LIMITS, now: () => NOW });
  });
  after(async () => {
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('a create holds a cluster, its GPUs (user and workspace) and an hour of GPU-minutes today', async () => {
    assert.deepEqual(await ledger.admit(request('r1', create(4))), { status: 'admitted' });
    assert.equal((await reservations.usage(userClusters('slack:alice'))).used, 1);
    assert.equal((await reservations.usage(userGpus('slack:alice'))).used, 4);
    assert.equal((await reservations.usage(workspaceGpus('slack:T1'))).used, 4);
    assert.equal((await reservations.usage(userGpuMinutes('slack:alice', DAY))).used, 240);
    // The same request again (a redelivery) counts nothing twice.
    assert.deepEqual(await ledger.admit(request('r1', create(4))), { status: 'admitted' });
    assert.equal((await reservations.usage(userGpus('slack:alice'))).used, 4);
  });

  it('refusals name the limit, and a refused request holds nothing', async () => {
    const tooMany = await ledger.admit(request('r2', create(5)));
    assert.deepEqual(tooMany, { status: 'refused', resource: userGpus('slack:alice'), used: 4, limit: 8, amount: 5 });
    assert.equal((await reservations.usage(userClusters('slack:alice'))).used, 1, 'nothing held for r2');
    // 4 + 4 GPUs fit the user's 8, but an hour of 4 more GPUs does not fit 5 GPU-hours a day on top of 4.
    const hours = await ledger.admit(request('r3', create(4)));
    assert.deepEqual(hours, {
      status: 'refused',
      resource: userGpuMinutes('slack:alice', DAY),
      used: 240,
      limit: 300,
      amount: 240,
    });
    assert.equal((await reservations.usage(userGpus('slack:alice'))).used, 4, 'what r3 held before the refusal is given back');
    assert.equal((await ledger.admit(request('r3', create(1)))).status, 'admitted');
    assert.equal((await ledger.admit(request('r4', create(4), 'bob'))).status, 'admitted');
    const workspace = await ledger.admit(request('r5', create(4), 'carol'));
    assert.deepEqual(workspace, { status: 'refused', resource: workspaceGpus('slack:T1'), used: 9, limit: 12, amount: 4 });
    const third = await ledger.admit(request('r6', create(1)));
    assert.deepEqual(third, { status: 'refused', resource: userClusters('slack:alice'), used: 2, limit: 2, amount: 1 });
  });

  it('the workspace budget takes an hour of the price, and refuses past the day’s budget', async () => {
    assert.equal((await ledger.admitSpend(request('r1', create(4)), 6000)).status, 'admitted');
    const over = await ledger.admitSpend(request('r3', create(1)), 6000);
    assert.deepEqual(over, {
      status: 'refused',
      resource: workspaceSpend('slack:T1', DAY),
      used: 6000,
      limit: 10_000,
      amount: 6000,
    });
  });

  it('release gives back every hold of the request', async () => {
    assert.equal(await ledger.release('r1'), true);
    assert.equal((await reservations.usage(userGpus('slack:alice'))).used, 1, 'r3 still holds its GPU');
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', DAY))).used, 0);
    assert.equal(await ledger.release('r1'), false, 'once');
  });

  it('notebooks: held by owner and name; a stop by an admin frees the owner’s; a deleted cluster frees its notebooks', async () => {
    const start = (id: string, name: string, user = 'alice'): ChatRequest =>
      request(id, { kind: 'notebook.start', gpus: 1, name }, user);
    assert.equal((await ledger.admit(start('n1', 'lab'))).status, 'admitted');
    assert.equal((await ledger.admit(start('n2', 'lab2'))).status, 'admitted');
    const third = await ledger.admit(start('n3', 'lab3'));
    assert.deepEqual(third, { status: 'refused', resource: userNotebooks('slack:alice'), used: 2, limit: 2, amount: 1 });
    assert.equal(await ledger.releaseNotebook('lab', 'slack:admin'), true, "an admin's stop frees alice's notebook");
    await ledger.placeNotebook(start('n2', 'lab2'), 'c-1');
    assert.equal(await ledger.releaseClusterNotebooks('c-1'), 1);
    assert.equal((await reservations.usage(userNotebooks('slack:alice'))).used, 0);
  });
});
