import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import type { ChatRequest } from '../../src/queue/request.js';
import { createReservations, type Reservations } from '../../src/reservations/reservations.js';
import { dayOf, userGpuMinutes, userGpus, workspaceGpus, workspaceSpend, type Day } from '../../src/reservations/resources.js';
import { settleScale } from '../../src/spend/settle-scale.js';
import { createSpendLedger, type SpendLedger } from '../../src/spend/spend-ledger.js';
import { createUsageMeter, type UsageMeter } from '../../src/spend/usage-meter.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

const HOUR = 3600_000;
/** 23:00 UTC today: daily totals expire in Redis by the real clock, so the test's days are near it. */
const START = Date.parse(`${dayOf(Date.now())}T23:00:00Z`);
const TODAY: Day = dayOf(START);
const TOMORROW: Day = dayOf(START + 2 * HOUR);
const TYPE = 'ecs.gn5-c4g1.xlarge'; // one GPU per worker
const alice = { platform: 'slack', userId: 'alice', locale: 'en', tenantId: 'T1' } as const;

const create: ChatRequest = {
  requestId: 'req-create',
  command: { kind: 'cluster.create', count: 2, instanceType: TYPE, name: 'seg', region: 'cn-hangzhou' },
  requester: alice,
  conversation: { platform: 'slack', channelId: 'C1' },
  receivedAt: START,
  // ¥29/hour for the two workers (¥14.50 each) plus ¥1 for the cluster: 3000 fen an hour.
  quote: { perHour: 30, workers: 29, cluster: 1, currency: 'CNY' },
};
const scale = (requestId: string, from: number, count: number): ChatRequest => ({
  ...create,
  requestId,
  command: {
    kind: 'cluster.scale',
    name: 'seg',
    count,
    target: { clusterId: 'c-seg', regionId: 'cn-hangzhou', instanceType: TYPE, from, createRequestId: 'req-create' },
  },
});
const grow = scale('req-grow', 2, 4);
const shrink = scale('req-shrink', 4, 1);

/**
 * After a scale, the meter bills the cluster's new size from the moment it changed (a segment per
 * size; accrued spend is their sum), and the limits count the GPUs it has now: a shrink gives the
 * removed GPUs back when it completes. A scale settled twice (its job re-run after a crash) counts once.
 */
describe('scaling: rate segments and GPU holds', () => {
  let redis: Redis;
  let prefix: string;
  let reservations: Reservations;
  let ledger: SpendLedger;
  let meter: UsageMeter;
  let settle: ReturnType<typeof settleScale>;
  const gpusHeld = async () => (await reservations.usage(userGpus('slack:alice'))).used;
  before(async () => {
    redis = testRedis();
    prefix = testPrefix();
    reservations = createReservations({ redis, prefix, now: () => START });
    const limits = {
      userGpus: 4,
      userClusters: 2,
      userNotebooks: 2,
      userGpuHoursPerDay: 100,
      workspaceGpus: 32,
      workspaceSpendPerDay: 5000,
    };
    ledger = createSpendLedger({ redis, prefix, reservations, limits, now: () => START });
    meter = createUsageMeter({ redis, prefix, reservations, ledger });
    settle = settleScale({ meter, ledger });
    assert.equal((await ledger.admit(create)).status, 'admitted');
    assert.equal((await ledger.admitSpend(create, 3000)).status, 'admitted');
    await meter.start(create, { clusterId: 'c-seg', regionId: 'cn-hangzhou' }, START);
  });
  after(async () => {
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('a growth is held before it happens; once done, the cluster holds its new size and the growth nothing', async () => {
    assert.equal((await ledger.admit(grow)).status, 'admitted');
    assert.equal((await ledger.admitSpend(grow, 2900)).status, 'admitted');
    assert.equal(await gpusHeld(), 4, 'the 2 added GPUs are held while the scale runs');
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', TODAY))).held, 5900, 'and an hour of the increase');
    assert.equal((await ledger.admit(scale('req-grow-more', 4, 5))).status, 'refused', 'the limit sees them');

    await Promise.all([settle(grow, { nodes: 4, at: START + HOUR }), settle(grow, { nodes: 4, at: START + HOUR })]);
    await settle(grow, { nodes: 4, at: START + HOUR + 60_000 }); // its job re-run after a crash
    assert.equal(await gpusHeld(), 4);
    assert.equal((await reservations.usage(workspaceGpus('slack:T1'))).used, 4);
    assert.deepEqual(
      (await reservations.holding('spend:req-create'))?.claims.find((c) => c.resource === userGpus('slack:alice')),
      {
        resource: userGpus('slack:alice'),
        amount: 4,
      },
    );
    assert.equal(await reservations.holding('spend:req-grow'), undefined);
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', TODAY))).held, 3000, "the growth's booked hour went too");

    const [metered] = await meter.running();
    assert.deepEqual(metered?.segments, [
      { at: START, gpus: 2, fen: 3000, by: 'req-create' },
      { at: START + HOUR, gpus: 4, fen: 5900, by: 'req-grow' },
    ]);
    assert.equal(metered?.gpus, 4, "the next day's booking reads the new size");
    assert.equal(metered?.fenPerHour, 5900);
  });

  it('accrues each size at its own rate, split at midnight', async () => {
    await meter.tick(START + 1.5 * HOUR);
    assert.equal((await reservations.usage(userGpuMinutes('slack:alice', TODAY))).base, 120, '2 GPUs, 23:00 to midnight');
    assert.equal((await reservations.usage(userGpuMinutes('slack:alice', TOMORROW))).base, 120, '4 GPUs for 30 min');
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', TODAY))).base, 3000);
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', TOMORROW))).base, 2950);
    // The next hour is booked at the size the cluster has now.
    assert.equal((await reservations.usage(userGpuMinutes('slack:alice', TOMORROW))).held, 240);
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', TOMORROW))).held, 5900);
  });

  it('a shrink frees the removed GPUs when it completes and bills the smaller size from then, once', async () => {
    await settle(shrink, { nodes: 1, at: START + 2 * HOUR });
    await settle(shrink, { nodes: 1, at: START + 2 * HOUR + 5 * 60_000 }); // re-run: nothing more
    assert.equal(await gpusHeld(), 1, 'the 3 removed GPUs are free now, not at deletion');
    assert.equal((await ledger.admit(scale('req-regrow', 1, 4))).status, 'admitted', 'so the person may use them again');
    assert.equal(await ledger.release('req-regrow'), true);

    await meter.tick(START + 3 * HOUR);
    await meter.tick(START + 3 * HOUR);
    assert.equal((await reservations.usage(userGpuMinutes('slack:alice', TOMORROW))).base, 4 * 60 + 60);
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', TOMORROW))).base, 5900 + 1550);
    assert.equal((await reservations.usage(userGpuMinutes('slack:alice', TOMORROW))).held, 60, 'the booked hour shrank too');
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', TOMORROW))).held, 1550);
    const usage = await meter.usage('c-seg', START + 3 * HOUR);
    assert.equal(usage?.hours, 3);
    assert.equal(usage?.gpuHours, 2 + 4 + 1);
    assert.equal(usage?.spend, 30 + 59 + 15.5);
    assert.equal(usage?.pricePerHour, 15.5);
    assert.equal((await meter.running())[0]?.segments.length, 3);
  });

  it('a scale that completes after the cluster is gone changes nothing', async () => {
    await meter.stop('c-seg', START + 4 * HOUR);
    assert.equal(await gpusHeld(), 0);
    assert.equal(
      await meter.rescale('req-create', { by: 'req-late', at: START + 5 * HOUR, nodes: 3, instanceType: TYPE }),
      'stopped',
    );
    await settle(scale('req-late', 1, 3), { nodes: 3, at: START + 5 * HOUR });
    assert.equal(await gpusHeld(), 0, 'no hold comes back');
    assert.equal((await meter.usage('c-seg', START + 9 * HOUR))?.spend, 30 + 59 + 15.5 + 15.5);
  });

  it('a meter written before segments is scaled from its one size, its price all per worker', async () => {
    const key = `${prefix}:spend:meter:req-old`;
    const fields = {
      requestId: 'req-old',
      clusterId: 'c-old',
      owner: 'slack:alice',
      workspace: 'slack:T1',
      gpus: 2,
      fenPerHour: 3000,
      since: START,
    };
    await redis.hset(key, fields);
    const change = { by: 'req-old-grow', at: START + HOUR, nodes: 3, instanceType: TYPE };
    assert.equal(await meter.rescale('req-old', change), 'added');
    assert.equal(await meter.rescale('req-old', change), 'known');
    assert.deepEqual(JSON.parse((await redis.hget(key, 'segments')) ?? ''), [
      { at: START, gpus: 2, fen: 3000, by: 'req-old' },
      { at: START + HOUR, gpus: 3, fen: 4500, by: 'req-old-grow' },
    ]);
  });
});
