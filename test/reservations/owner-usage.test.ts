import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createMetrics } from '../../src/metrics.js';
import { readOwnerUsage } from '../../src/reservations/read-owner-usage.js';
import { createReservations } from '../../src/reservations/reservations.js';
import { userClusters, userGpus, userNotebooks } from '../../src/reservations/resources.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

const redis = testRedis();
const prefix = testPrefix();
after(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

test("/metrics shows each owner's live clusters, GPUs and notebooks from the ledger, and forgets what was released", async () => {
  const ledger = createReservations({ redis, prefix, now: Date.now });
  const alice = 'slack:U0ALICE01';
  const bob = 'dingtalk:manager*7[1]';
  await ledger.reserve('req-a1', [
    { resource: userClusters(alice), amount: 1 },
    { resource: userGpus(alice), amount: 2 },
  ]);
  await ledger.reserve('req-a2', [
    { resource: userClusters(alice), amount: 1 },
    { resource: userGpus(alice), amount: 8 },
  ]);
  await ledger.reserve('nb-b', [{ resource: userNotebooks(bob), amount: 1 }]);
  const metrics = createMetrics();
  metrics.watchOwners(() => readOwnerUsage(ledger));

  let body = await metrics.registry.metrics();
  assert.match(body, /gpubot_owner_live\{owner="slack:U0ALICE01",resource="clusters"\} 2/);
  assert.match(body, /gpubot_owner_live\{owner="slack:U0ALICE01",resource="gpus"\} 10/);
  assert.match(body, /gpubot_owner_live\{owner="dingtalk:manager\*7\[1\]",resource="notebooks"\} 1/);

  await ledger.release('req-a2');
  await ledger.release('nb-b');
  body = await metrics.registry.metrics();
  assert.match(body, /gpubot_owner_live\{owner="slack:U0ALICE01",resource="gpus"\} 2/);
  assert.doesNotMatch(body, /resource="notebooks"/, 'an owner at 0 is left out');
});
