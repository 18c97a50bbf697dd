import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClusterIndex, type ClusterIndex } from '../../src/cluster-index/cluster-index.js';
import type { RedisClient } from '../../src/queue/redis-connection.js';
import { startRedisCluster, type RedisClusterFixture } from '../support/redis-cluster.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

function indexSuite(name: string, connect: () => RedisClient) {
  describe(`cluster index on ${name}`, () => {
    const clients: RedisClient[] = [];
    let prefix: string;
    let clock = 1_000_000;
    const open = (): ClusterIndex => {
      const redis = connect();
      clients.push(redis);
      return createClusterIndex({ redis, prefix, now: () => clock });
    };
    before(() => {
      prefix = testPrefix();
    });
    after(async () => {
      await cleanPrefix(clients[0] ?? connect(), prefix);
      for (const client of clients) client.disconnect();
    });

    it('claims a name before the create and confirms the cluster id after', async () => {
      const index = open();
      assert.deepEqual(await index.claimName('req-1', 'cn-hangzhou', 'demo'), { status: 'claimed' });
      assert.deepEqual(await index.claimName('req-1', 'cn-hangzhou', 'demo'), { status: 'already-held' });
      assert.deepEqual(await index.claimName('req-2', 'cn-hangzhou', 'demo'), {
        status: 'taken',
        holder: { requestId: 'req-1' },
      });
      assert.deepEqual(await index.claimName('req-3', 'cn-beijing', 'demo'), { status: 'claimed' }, 'names are per region');
      assert.deepEqual(await index.byRequest('req-1'), {
        requestId: 'req-1',
        regionId: 'cn-hangzhou',
        name: 'demo',
        claimedAt: clock,
      });
      clock += 10;
      assert.equal(await index.confirm('req-1', { regionId: 'cn-hangzhou', name: 'demo', clusterId: 'c-1' }), 'confirmed');
      assert.equal(
        await index.confirm('req-1', { regionId: 'cn-hangzhou', name: 'demo', clusterId: 'c-1' }),
        'already-confirmed',
      );
      await assert.rejects(
        index.confirm('req-1', { regionId: 'cn-hangzhou', name: 'demo', clusterId: 'c-2' }),
        /already has cluster c-1, not c-2/,
      );
      assert.equal((await index.byCluster('c-1'))?.requestId, 'req-1');
      assert.equal((await index.byRequest('req-1'))?.confirmedAt, clock);
      assert.deepEqual(await index.byName('cn-hangzhou', 'demo'), { requestId: 'req-1' });
      await assert.rejects(index.claimName('req-1', 'cn-hangzhou', 'other'), /already claimed demo in cn-hangzhou/);
    });

    it('of 100 requests racing for one name, exactly one gets it', async () => {
      const processes = [open(), open(), open()];
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (processes[i % 3] as ClusterIndex).claimName(`race-${i}`, 'cn-hangzhou', 'popular'),
        ),
      );
      assert.equal(outcomes.filter((o) => o.status === 'claimed').length, 1);
      assert.equal(outcomes.filter((o) => o.status === 'taken').length, 99);
    });

    it('forget frees the name and the cluster id, once', async () => {
      const index = open();
      await index.claimName('req-f', 'cn-hangzhou', 'gone');
      await index.confirm('req-f', { regionId: 'cn-hangzhou', name: 'gone', clusterId: 'c-f' });
      assert.equal(await index.forget('req-f'), true);
      assert.equal(await index.forget('req-f'), false);
      assert.equal(await index.byName('cn-hangzhou', 'gone'), undefined);
      assert.equal(await index.byCluster('c-f'), undefined);
      assert.deepEqual(await index.claimName('req-g', 'cn-hangzhou', 'gone'), { status: 'claimed' });
    });

    it('reconciles a region with the listing: ACK is the authority', async () => {
      const index = open();
      const region = 'cn-shanghai';
      clock = 2_000_000;
      await index.claimName('stale', region, 'never-created');
      await index.claimName('deleted', region, 'was-here');
      await index.confirm('deleted', { regionId: region, name: 'was-here', clusterId: 'c-deleted' });
      await index.claimName('lives', region, 'alive');
      await index.confirm('lives', { regionId: region, name: 'alive', clusterId: 'c-alive' });
      clock = 2_600_000;
      const fetchedAt = clock;
      await index.claimName('fresh', region, 'in-flight');
      clock += 1;
      await index.claimName('after', region, 'confirmed-after');
      await index.confirm('after', { regionId: region, name: 'confirmed-after', clusterId: 'c-after' });
      const listing = {
        fetchedAt,
        clusters: [
          { clusterId: 'c-alive', name: 'alive', requestId: 'lives' },
          { clusterId: 'c-lost', name: 'lost-index', requestId: 'lost' },
          { clusterId: 'c-console', name: 'made-in-console' },
        ],
      };
      const result = await index.reconcileRegion(region, listing, { staleAfterMs: 300_000 });
      assert.deepEqual(result, { recorded: 2, forgotten: 2 });
      assert.equal((await index.byRequest('lost'))?.clusterId, 'c-lost', 'a tagged cluster the index lacked is recorded');
      assert.deepEqual(await index.byName(region, 'made-in-console'), { clusterId: 'c-console' });
      assert.deepEqual(await index.claimName('someone', region, 'made-in-console'), {
        status: 'taken',
        holder: { clusterId: 'c-console' },
      });
      assert.equal(await index.byRequest('stale'), undefined, 'a claim older than staleAfterMs with no cluster is freed');
      assert.equal(await index.byRequest('deleted'), undefined, 'a confirmed cluster that is gone frees its name');
      assert.ok(await index.byRequest('fresh'), 'a recent claim (CreateCluster in flight) stays');
      assert.ok(await index.byRequest('after'), 'a cluster confirmed after the listing was fetched stays');
      assert.ok(await index.byRequest('lives'));

      // The console cluster is deleted: the next listing frees its name.
      const next = { fetchedAt: clock + 1, clusters: listing.clusters.filter((c) => c.clusterId !== 'c-console') };
      assert.equal((await index.reconcileRegion(region, next, { staleAfterMs: 300_000 })).forgotten >= 1, true);
      assert.equal(await index.byName(region, 'made-in-console'), undefined);
    });
  });
}

indexSuite('one Redis node', testRedis);

let cluster: RedisClusterFixture | undefined;
before(async () => {
  cluster = await startRedisCluster();
});
after(async () => {
  await cluster?.stop();
});
indexSuite('a Redis Cluster', () => {
  if (!cluster) throw new Error('the Redis Cluster did not start');
  return cluster.client();
});
