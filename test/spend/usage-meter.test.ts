import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import type { ChatRequest } from '../../src/queue/request.js';
import { createReservations, type Reservations } from '../../src/reservations/reservations.js';
import { dayOf, userClusters, userGpuMinutes, workspaceSpend, type Day } from '../../src/reservations/resources.js';
import { meterOnce } from '../../src/spend/run-usage-meter.js';
import { createSpendLedger, type SpendLedger } from '../../src/spend/spend-ledger.js';
import { createUsageMeter, type UsageMeter } from '../../src/spend/usage-meter.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { captureLog } from '../support/capture-log.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

const HOUR = 3600_000;
/** 23:00 UTC today: daily totals expire in Redis by the real clock, so the test's days are near it. */
const START = Date.parse(`${dayOf(Date.now())}T23:00:00Z`);
const TODAY: Day = dayOf(START);
const TOMORROW: Day = dayOf(START + 2 * HOUR);

const request: ChatRequest = {
  requestId: 'req-meter-1',
  command: { kind: 'cluster.create', count: 2, instanceType: 'ecs.gn5-c4g1.xlarge', name: 'metered', region: 'cn-hangzhou' },
  requester: { platform: 'slack', userId: 'alice', locale: 'en', tenantId: 'T1' },
  conversation: { platform: 'slack', channelId: 'C1' },
  receivedAt: START,
  quote: { perHour: 30, workers: 29, cluster: 1, currency: 'CNY' },
};

/**
 * GPU-hours and spend accrue with time: the meter adds what a running cluster used, per UTC day,
 * on top of the hour booked ahead; repeated or racing ticks never count twice; a cluster that is
 * gone stops being metered and gives its limits back.
 */
describe('usage meter', () => {
  let redis: Redis;
  let prefix: string;
  let now = START;
  let reservations: Reservations;
  let ledger: SpendLedger;
  let meter: UsageMeter;
  let emulator: Emulator;
  before(async () => {
    redis = testRedis();
    prefix = testPrefix();
    reservations = createReservations({ redis, prefix, now: () => now });
    ledger = createSpendLedger({
      redis,
      prefix,
      reservations,
      limits: {
        userGpus: 8,
        userClusters: 2,
        userNotebooks: 2,
        userGpuHoursPerDay: 100,
        workspaceGpus: 32,
        workspaceSpendPerDay: 5000,
      },
      now: () => now,
    });
    meter = createUsageMeter({ redis, prefix, reservations, ledger });
    emulator = await startEmulator({ timeScale: 3000 });
  });
  after(async () => {
    await emulator.close();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('accrues what was used, split across days, once however many ticks race', async () => {
    assert.equal((await ledger.admit(request)).status, 'admitted');
    assert.equal((await ledger.admitSpend(request, 3000)).status, 'admitted');
    await meter.start(request, { clusterId: 'c-meter', regionId: 'cn-hangzhou' }, START);
    now = START + HOUR / 2;
    await Promise.all([meter.tick(now), meter.tick(now), meter.tick(now)]);
    const minutes = await reservations.usage(userGpuMinutes('slack:alice', TODAY));
    assert.deepEqual(minutes, { base: 60, held: 120, used: 180 }, '2 GPUs × 30 min used, plus the hour booked at request time');
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', TODAY))).base, 1500);

    now = START + 2 * HOUR; // 01:00 the next (UTC) day
    await meter.tick(now);
    assert.equal((await reservations.usage(userGpuMinutes('slack:alice', TODAY))).base, 120, 'the rest of the first day');
    assert.deepEqual(await reservations.usage(userGpuMinutes('slack:alice', TOMORROW)), { base: 120, held: 120, used: 240 });
    assert.equal((await reservations.usage(workspaceSpend('slack:T1', TOMORROW))).base, 3000);
    const usage = await meter.usage('c-meter', now);
    assert.equal(usage?.hours, 2);
    assert.equal(usage?.spend, 60);
    assert.equal(usage?.pricePerHour, 30);
  });

  it('spend keeps growing while the cluster runs', async () => {
    const earlier = (await meter.usage('c-meter', now))?.spend ?? 0;
    const later = (await meter.usage('c-meter', now + 10 * 60_000))?.spend ?? 0;
    assert.ok(later > earlier, `${earlier} then ${later}`);
  });

  it('a cluster that is gone without gpubot deleting it stops being metered and frees its limits', async () => {
    assert.equal((await reservations.usage(userClusters('slack:alice'))).used, 1);
    now += HOUR;
    const stopped = await meterOnce({
      meter,
      ledger,
      cloud: emulatedCloud(emulator),
      redis,
      prefix,
      intervalMs: 1000,
      graceMs: 5 * 60_000,
      log: captureLog().log,
      now: () => now,
    });
    assert.deepEqual(stopped, { stopped: 1 });
    assert.equal((await reservations.usage(userClusters('slack:alice'))).used, 0);
    assert.equal((await reservations.usage(userGpuMinutes('slack:alice', TOMORROW))).held, 0);
    assert.equal((await reservations.usage(userGpuMinutes('slack:alice', TOMORROW))).base, 240, 'what it used stays counted');
    assert.deepEqual(await meter.running(), []);
    assert.equal((await meter.usage('c-meter', now + HOUR))?.hours, 3, 'a stopped cluster stops getting dearer');
  });
});
