import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RedisClient } from '../../src/queue/redis-connection.js';
import { createReservations, type Reservations } from '../../src/reservations/reservations.js';
import { accountClusters, clusterGpus, managedClusters, userClusters, userGpus } from '../../src/reservations/resources.js';
import { pollUntilAsync } from '../support/poll-until.js';
import { startRedisCluster, type RedisClusterFixture } from '../support/redis-cluster.js';
import { cleanPrefix, keysWithPrefix, testPrefix, testRedis } from '../support/test-redis.js';

/** The same behaviour on one Redis node and on a three-master Redis Cluster. */
function ledgerSuite(name: string, connect: () => RedisClient) {
  describe(`reservations on ${name}`, () => {
    const clients: RedisClient[] = [];
    let prefix: string;
    /** A ledger per simulated process, each with its own connection. */
    const ledger = (): Reservations => {
      const redis = connect();
      clients.push(redis);
      return createReservations({ redis, prefix });
    };
    before(() => {
      prefix = testPrefix();
    });
    after(async () => {
      await cleanPrefix(clients[0] ?? connect(), prefix);
      for (const client of clients) client.disconnect();
    });

    it('500 parallel reservations against a limit of 20 hold exactly 20; the others are refused with the numbers', async () => {
      const processes = [ledger(), ledger(), ledger(), ledger(), ledger()];
      const resource = managedClusters();
      const outcomes = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          (processes[i % processes.length] as Reservations).reserve(`create-${i}`, [{ resource, amount: 1, limit: 20 }]),
        ),
      );
      assert.equal(outcomes.filter((o) => o.status === 'reserved').length, 20);
      const refused = outcomes.filter((o) => o.status === 'refused');
      assert.equal(refused.length, 480);
      assert.ok(refused.every((o) => o.resource === resource && o.used === 20 && o.limit === 20 && o.amount === 1));
      const usage = await processes[0]?.usage(resource);
      assert.deepEqual(usage, { base: 0, held: 20, used: 20 });
      assert.equal((await processes[0]?.holders(resource))?.length, 20);
    });

    it('re-reserving an id is a no-op that answers already-held, even when raced', async () => {
      const [a, b] = [ledger(), ledger()];
      const resource = userGpus('slack:U-idem');
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).reserve('notebook-req-1', [{ resource, amount: 2, limit: 8 }])),
      );
      assert.equal(outcomes.filter((o) => o.status === 'reserved').length, 1);
      assert.equal(outcomes.filter((o) => o.status === 'already-held').length, 49);
      assert.equal((await a.usage(resource)).held, 2);
      assert.deepEqual((await a.holding('notebook-req-1'))?.claims, [{ resource, amount: 2 }]);
    });

    it('listIn adds the id to the caller’s set in the same step it is held, and only then', async () => {
      const [a, b] = [ledger(), ledger()];
      const redis = clients[0] as RedisClient;
      const resource = userGpus('slack:U-listed');
      const list = `${prefix}:test:holds-of:req-listed`;
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? a : b).reserve('listed-1', [{ resource, amount: 1, limit: 1 }], { listIn: list }),
        ),
      );
      assert.equal(outcomes.filter((o) => o.status === 'reserved').length, 1);
      const refused = await a.reserve('listed-2', [{ resource, amount: 1, limit: 1 }], { listIn: list });
      assert.equal(refused.status, 'refused');
      assert.deepEqual(await redis.smembers(list), ['listed-1']);
      await redis.del(list);
    });

    it('resize sets what a hold holds (absolute, so a repeat or a race changes nothing); a released hold stays gone', async () => {
      const [a, b] = [ledger(), ledger()];
      const gpus = userGpus('slack:U-resize');
      const clusters = userClusters('slack:U-resize');
      await a.reserve('spend:cluster-1', [
        { resource: clusters, amount: 1, limit: 2 },
        { resource: gpus, amount: 4, limit: 8 },
      ]);
      await a.reserve('spend:cluster-2', [{ resource: gpus, amount: 2, limit: 8 }]);
      await Promise.all([
        a.resize('spend:cluster-1', [{ resource: gpus, amount: 1 }]),
        b.resize('spend:cluster-1', [{ resource: gpus, amount: 1 }]),
      ]);
      assert.equal(await a.resize('spend:cluster-1', [{ resource: gpus, amount: 1 }]), true);
      assert.deepEqual(await a.usage(gpus), { base: 0, held: 3, used: 3 });
      assert.equal((await a.usage(clusters)).held, 1, 'what was not named is kept');
      assert.deepEqual(await a.holders(gpus), [
        { id: 'spend:cluster-1', amount: 1 },
        { id: 'spend:cluster-2', amount: 2 },
      ]);
      assert.equal(await a.release('spend:cluster-1'), true);
      assert.deepEqual(await a.usage(gpus), { base: 0, held: 2, used: 2 }, 'release gives back the resized amount');
      assert.equal(await a.resize('spend:cluster-1', [{ resource: gpus, amount: 5 }]), false);
      assert.equal(await a.holding('spend:cluster-1'), undefined);
      assert.equal((await a.usage(gpus)).held, 2);
    });

    it('release gives back what was held, once; then the room can be reserved again', async () => {
      const reservations = ledger();
      const resource = userClusters('slack:U-rel');
      assert.equal((await reservations.reserve('r1', [{ resource, amount: 1, limit: 2 }])).status, 'reserved');
      assert.equal((await reservations.reserve('r2', [{ resource, amount: 1, limit: 2 }])).status, 'reserved');
      assert.equal((await reservations.reserve('r3', [{ resource, amount: 1, limit: 2 }])).status, 'refused');
      assert.equal(await reservations.release('r1'), true);
      assert.equal(await reservations.release('r1'), false, 'a second release changes nothing');
      assert.equal(await reservations.release('never-reserved'), false);
      assert.deepEqual(await reservations.usage(resource), { base: 0, held: 1, used: 1 });
      assert.equal((await reservations.reserve('r3', [{ resource, amount: 1, limit: 2 }])).status, 'reserved');
      assert.equal(await reservations.holding('r1'), undefined);
    });

    it('holds every claim of a reservation or none, and names the limit that refused it', async () => {
      const reservations = ledger();
      const owner = 'dingtalk:staff-9';
      const claims = [
        { resource: userGpus(owner), amount: 4, limit: 16 },
        { resource: userClusters(owner), amount: 1, limit: 5 },
        { resource: accountClusters(), amount: 1, limit: 1 },
      ];
      assert.equal((await reservations.reserve('all-1', claims)).status, 'reserved');
      const refusal = await reservations.reserve('all-2', claims);
      assert.deepEqual(refusal, { status: 'refused', resource: accountClusters(), used: 1, limit: 1, amount: 1 });
      assert.equal((await reservations.usage(userGpus(owner))).held, 4, 'the refused reservation held nothing');
      assert.equal((await reservations.usage(userClusters(owner))).held, 1);
      assert.equal(await reservations.holding('all-2'), undefined);
      // A claim with no limit is counted, never refused.
      assert.equal((await reservations.reserve('all-3', [{ resource: userGpus(owner), amount: 100 }])).status, 'reserved');
      assert.equal((await reservations.usage(userGpus(owner))).held, 104);
    });

    it('reconcile counts what the cloud has beyond the holds it already includes', async () => {
      const reservations = ledger();
      const resource = clusterGpus('c-reconcile');
      for (const id of ['nb-a', 'nb-b', 'nb-c']) await reservations.reserve(id, [{ resource, amount: 1, limit: 8 }]);
      // The cluster runs 5 GPU pods: nb-a and nb-b are two of them, nb-c is still starting, 3 are someone else's.
      const usage = await reservations.reconcile(resource, { count: 5, ids: ['nb-a', 'nb-b', 'not-held'] });
      assert.deepEqual(usage, { base: 3, held: 3, used: 6 });
      assert.equal((await reservations.reserve('nb-d', [{ resource, amount: 3, limit: 8 }])).status, 'refused');
      assert.equal((await reservations.reserve('nb-d', [{ resource, amount: 2, limit: 8 }])).status, 'reserved');
      // The others' pods stopped: the base drops and the room comes back.
      assert.deepEqual(await reservations.reconcile(resource, { count: 2, ids: ['nb-a', 'nb-b'] }), {
        base: 0,
        held: 5,
        used: 5,
      });
    });

    it('a reservation with an end time expires with its counts (daily budgets)', async () => {
      const reservations = ledger();
      const resource = userGpus('slack:U-expiry');
      await reservations.reserve('today', [{ resource, amount: 3, limit: 10 }], { expireAt: Date.now() + 300 });
      assert.equal((await reservations.usage(resource)).used, 3);
      await pollUntilAsync(
        async () => (await reservations.usage(resource)).used === 0 && (await reservations.holding('today')) === undefined,
        () => 'the reservation did not expire',
        5000,
      );
    });

    it('refuses malformed claims before touching Redis', async () => {
      const reservations = ledger();
      await assert.rejects(reservations.reserve('x', [{ resource: 'gpus', amount: 1 }]), /unknown resource gpus/);
      await assert.rejects(reservations.reserve('x', [{ resource: userGpus('u'), amount: -1 }]), /whole number/);
      await assert.rejects(reservations.reserve('x', [{ resource: userGpus('u'), amount: 1.5 }]), /whole number/);
      await assert.rejects(reservations.reserve('x', []), /claims nothing/);
      await assert.rejects(reservations.reserve('has space', [{ resource: userGpus('u'), amount: 1 }]), /non-space/);
    });

    it('keeps every key under the prefix', async () => {
      const keys = await keysWithPrefix(clients[0] as RedisClient, prefix);
      assert.ok(keys.length > 0);
      assert.ok(keys.every((key) => key.startsWith(`${prefix}:rsv:`)));
    });
  });
}

ledgerSuite('one Redis node', testRedis);

let cluster: RedisClusterFixture | undefined;
before(async () => {
  cluster = await startRedisCluster();
});
after(async () => {
  await cluster?.stop();
});
ledgerSuite('a Redis Cluster', () => {
  if (!cluster) throw new Error('the Redis Cluster did not start');
  return cluster.client();
});
