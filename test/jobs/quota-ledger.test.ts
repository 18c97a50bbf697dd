import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createClusterIndex } from '../../src/cluster-index/cluster-index.js';
import type { Emulator } from '../../src/emulator/index.js';
import { createReservations } from '../../src/reservations/reservations.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendConfirmed } from '../support/console-wait.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { pollUntil, pollUntilAsync } from '../support/poll-until.js';
import { keysWithPrefix, testRedis } from '../support/test-redis.js';

/**
 * The account quota is held atomically: many creates at once against a small quota make at most
 * that many clusters, and the rest are refused in plain words before anything that costs money.
 * A deleted cluster gives its quota back, and leaves nothing of its create in the ledger or index.
 */
const QUOTA = 20;
const CREATES = 500;
const POLL_MS = 200;
let harness: ConsoleHarness;
let emulator: Emulator;
const redis = testRedis();

before(async () => {
  harness = await startConsoleHarness({ GPUBOT_COMMANDS_PER_MINUTE: '100000', GPUBOT_POLL_INTERVAL_MS: String(POLL_MS) });
  emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
  emulator.cloud.setQuota({ clusters: QUOTA, managedClusters: 1000 });
});
after(async () => {
  await harness.stop();
  await redis.quit();
});

const count = (pattern: RegExp) => harness.output().match(new RegExp(pattern, 'g'))?.length ?? 0;
const ready = () => count(/\[private to alice\] ✅ Your cluster q\d+ is ready/);
const refused = () =>
  count(
    /\[private to alice\] {3}The account allows 20 clusters and 20 are in use or being created \(regions checked: cn-hangzhou\)\./,
  );

test(
  `${CREATES} creates at once against a quota of ${QUOTA}: ${QUOTA} clusters, the rest refused before CreateCluster`,
  { timeout: 170_000 },
  async () => {
    const started = Date.now();
    for (let i = 0; i < CREATES; i += 1) harness.send(`/gpu-cluster create 1 gn5 name=q${i}`);
    await pollUntil(
      () => ready() + refused() >= CREATES,
      () => `${ready()} ready and ${refused()} refused of ${CREATES}`,
      150_000,
      200,
    );
    assert.equal(ready(), QUOTA);
    assert.equal(refused(), CREATES - QUOTA);
    assert.equal(emulator.cloud.calls().CreateCluster, QUOTA, 'CreateCluster only for the creates that fit');
    assert.equal(emulator.cloud.calls().CreateClusterNodePool, QUOTA);
    assert.equal(emulator.cloud.clusters().length, QUOTA);
    // Pre-flight read the quota and the stock from the shared cache: once per poll interval, not once per create.
    const windows = Math.ceil((Date.now() - started) / POLL_MS) + 1;
    const calls = emulator.cloud.calls();
    assert.ok((calls.DescribeUserQuota ?? 0) <= windows, `${calls.DescribeUserQuota} quota reads in ${windows} intervals`);
    assert.ok(
      (calls.DescribeAvailableResource ?? 0) <= windows,
      `${calls.DescribeAvailableResource} stock reads in ${windows} intervals`,
    );
  },
);

test('a deleted cluster gives its quota back: the next create fits, and its create leaves no key behind', async () => {
  const gone = emulator.cloud.clusters()[0] ?? assert.fail('no cluster');
  const requestOf = gone.tags.find((tag) => tag.key === 'gpubot.io/request')?.value ?? assert.fail('no request tag');
  const keysOf = async () =>
    (await keysWithPrefix(redis, harness.prefix)).filter((key) => /:(rsv|cidx):/.test(key) && key.includes(requestOf));
  assert.ok((await keysOf()).length > 0, 'the live cluster is in the ledger and the index');
  const del = await sendConfirmed(harness, `/gpu-cluster delete ${gone.name}`);
  await del.waitFor(new RegExp(`\\[#console\\] ✅ Cluster ${gone.name} was deleted at alice's request`), 30_000);
  await harness.bot.waitUntilIdle(50);
  assert.deepEqual(await keysOf(), []);
  harness.send('/gpu-cluster create 1 gn5 name=after-delete');
  await harness.waitFor(/\[private to alice\] ✅ Your cluster after-delete is ready/, 30_000);
  assert.equal(emulator.cloud.calls().CreateCluster, QUOTA + 1);
});

test('a cluster deleted in the console: once ACK stops listing it, the quota and the name its create held are free', async () => {
  const reservations = createReservations({ redis, prefix: harness.prefix });
  const index = createClusterIndex({ redis, prefix: harness.prefix });
  const gone = emulator.cloud.clusters().find((cluster) => cluster.name === 'after-delete') ?? assert.fail('no cluster');
  const requestId = gone.tags.find((tag) => tag.key === 'gpubot.io/request')?.value ?? assert.fail('no request tag');
  assert.ok(await reservations.holding(`create:${requestId}`), 'held while the cluster exists');
  await emulatedCloud(emulator).deleteCluster(gone);
  // Any command reads the listings; each new one is reconciled with the ledger and the index.
  await pollUntilAsync(
    async () => {
      harness.send('/gpu-cluster list');
      await harness.bot.waitUntilIdle(50);
      return (await reservations.holding(`create:${requestId}`)) === undefined;
    },
    () => 'the hold of the deleted cluster was never released',
    30_000,
    POLL_MS,
  );
  assert.equal(await index.byName('cn-hangzhou', 'after-delete'), undefined, 'the name is free again');
  assert.equal((await reservations.usage('account-clusters')).used, QUOTA - 1);
});
