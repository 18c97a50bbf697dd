import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CloudProvider, CreateClusterSpec } from '../../src/cloud/port.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { GpubotError } from '../../src/errors.js';
import type { RedisClient } from '../../src/queue/redis-connection.js';
import { createSharedListing, type SharedListing } from '../../src/shared-listing/shared-listing.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

const REGION = 'cn-hangzhou';
const POLL_MS = 10_000;

function spec(name: string): CreateClusterSpec {
  return {
    name,
    regionId: REGION,
    clusterSpec: 'ack.pro.small',
    network: { kind: 'new', zoneIds: ['cn-hangzhou-h'] },
    tags: [{ key: 'gpubot.io/managed-by', value: 'gpubot' }],
  };
}

describe('the shared cluster listing (real adapter, emulated ACK)', () => {
  let emulator: Emulator;
  let prefix: string;
  const clients: RedisClient[] = [];
  /** One clock for every simulated process, moved by the tests. */
  let clock = 1_800_000_000_000;
  let pages = 0;

  /** A process: its own Redis connection and its own adapter, sharing Redis and the emulator. */
  function process(options: { lockMs?: number; cloud?: CloudProvider } = {}): SharedListing {
    const redis = testRedis();
    clients.push(redis);
    return createSharedListing({
      redis,
      prefix,
      cloud: options.cloud ?? emulatedCloud(emulator),
      pollIntervalMs: POLL_MS,
      now: () => clock,
      ...(options.lockMs ? { lockMs: options.lockMs } : {}),
    });
  }
  const listCalls = () => emulator.cloud.calls().DescribeClustersForRegion ?? 0;

  before(async () => {
    prefix = testPrefix();
    emulator = await startEmulator({ timeScale: 5000 });
    const cloud = emulatedCloud(emulator);
    for (const name of ['one', 'two', 'three']) await cloud.createCluster(spec(name));
    const before = listCalls();
    await cloud.listClusters(REGION);
    pages = listCalls() - before;
    assert.ok(pages >= 1);
  });
  after(async () => {
    await cleanPrefix(clients[0] ?? testRedis(), prefix);
    for (const client of clients) client.disconnect();
    await emulator.close();
  });

  it('300 concurrent reads in three processes cost one listing of the region', async () => {
    const processes = [process(), process(), process()];
    const before = listCalls();
    const listings = await Promise.all(Array.from({ length: 300 }, (_, i) => (processes[i % 3] as SharedListing).get(REGION)));
    assert.equal(listCalls() - before, pages, 'one DescribeClustersForRegion (all pages)');
    assert.deepEqual(new Set(listings.map((l) => l.fetchedAt)), new Set([clock]), 'all saw the same listing');
    const names = listings[0]?.clusters.map((c) => c.name).sort();
    assert.deepEqual(names, ['one', 'three', 'two']);
    const first = listings[0]?.clusters[0];
    assert.equal(first && listings[0]?.byId.get(first.clusterId)?.name, first?.name);
  });

  it('reads within the poll interval call nothing; the next interval fetches once again', async () => {
    const processes = [process(), process()];
    const before = listCalls();
    clock += POLL_MS - 1;
    await Promise.all(processes.map((p) => p.get(REGION)));
    assert.equal(listCalls() - before, 0);
    clock += 2;
    const listings = await Promise.all([...processes, ...processes].map((p) => p.get(REGION)));
    assert.equal(listCalls() - before, pages);
    assert.ok(listings.every((l) => l.fetchedAt === clock));
  });

  it('peek shows the stored listing and when it was fetched, without calling the cloud', async () => {
    const before = listCalls();
    const fetchedAt = (await process().get(REGION)).fetchedAt;
    clock += 5 * POLL_MS;
    const seen = await process().peek(REGION);
    assert.equal(seen?.fetchedAt, fetchedAt, 'list/status can say it is 50 s old');
    assert.equal(seen?.clusters.length, 3);
    assert.equal(await process().peek('cn-nowhere'), undefined);
    assert.equal(listCalls() - before, 0);
  });

  it('maxAgeMs 0 asks for a listing fetched from now on: a cluster created a moment ago shows', async () => {
    const reader = process();
    await reader.get(REGION);
    await emulatedCloud(emulator).createCluster(spec('four'));
    clock += 1;
    assert.equal((await reader.get(REGION)).clusters.length, 3, 'within the interval: the stored listing');
    const before = listCalls();
    const fresh = await reader.get(REGION, { maxAgeMs: 0 });
    assert.equal(listCalls() - before, pages);
    assert.equal(fresh.clusters.length, 4);
  });

  it('a fetcher that died holding the lock is replaced once the lock lapses', async () => {
    clock += 2 * POLL_MS;
    const redis = testRedis();
    clients.push(redis);
    await redis.set(`${prefix}:listing-lock:${REGION}`, 'a-dead-process', 'PX', 300);
    const before = listCalls();
    const listing = await process({ lockMs: 300 }).get(REGION);
    assert.equal(listing.fetchedAt, clock);
    assert.equal(listCalls() - before, pages);
  });

  it('a failed fetch fails its readers, frees the lock, and the next read fetches at once', async () => {
    clock += 2 * POLL_MS;
    emulator.cloud.faults.inject({ api: 'DescribeClustersForRegion', fault: 'forbidden', times: 1 });
    const reader = process();
    await assert.rejects(
      reader.get(REGION),
      (error: unknown) => error instanceof GpubotError && error.code === 'cloud.forbidden',
    );
    assert.equal(await clients[0]?.exists(`${prefix}:listing-lock:${REGION}`), 0);
    assert.equal((await reader.get(REGION)).fetchedAt, clock);
  });
});
