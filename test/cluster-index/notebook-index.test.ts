import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createNotebookIndex, type NotebookPlace } from '../../src/cluster-index/notebook-index.js';
import type { RedisClient } from '../../src/queue/redis-connection.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

let redis: RedisClient;
let prefix: string;
before(() => {
  redis = testRedis();
  prefix = testPrefix();
});
after(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

const place = (requestId: string, clusterId = 'c1'): NotebookPlace => ({
  requestId,
  clusterId,
  regionId: 'cn-hangzhou',
  clusterName: `name-${clusterId}`,
  owner: 'console:alice',
  claimedAt: 5,
});

test('a claim wins only on what its caller saw: two starts of one name, one gets it', async () => {
  const index = createNotebookIndex({ redis, prefix });
  const [a, b] = await Promise.all([index.claim('nb', place('req-a'), ''), index.claim('nb', place('req-b', 'c2'), '')]);
  const winners = [a, b].filter((claim) => claim.status === 'claimed');
  assert.equal(winners.length, 1);
  const held = await index.lookup('nb');
  assert.ok(held);
  const loser = a.status === 'taken' ? a : b;
  assert.deepEqual(loser, { status: 'taken', holder: held });
  // A rerun of the holder claims again; a start that saw the holder (and decided on it) replaces it.
  assert.deepEqual(await index.claim('nb', place(held.requestId, 'c3'), ''), { status: 'claimed' });
  assert.deepEqual(await index.claim('nb', place('req-c'), held.requestId), { status: 'claimed' });
  assert.equal((await index.lookup('nb'))?.requestId, 'req-c');
});

test('learn records only a name the index lacks; forget removes only a matching place', async () => {
  const index = createNotebookIndex({ redis, prefix });
  await index.learn('old', place('req-1', 'c1'));
  await index.learn('old', place('req-2', 'c2'));
  assert.equal((await index.lookup('old'))?.clusterId, 'c1');
  await index.forget('old', { clusterId: 'c2' });
  await index.forget('old', { requestId: 'req-2' });
  assert.equal((await index.lookup('old'))?.requestId, 'req-1', 'another place is not forgotten');
  await index.forget('old', { requestId: 'req-1', clusterId: 'c1' });
  assert.equal(await index.lookup('old'), undefined);
  await assert.rejects(index.forget('old', {}), /needs a request or a cluster/);
});
