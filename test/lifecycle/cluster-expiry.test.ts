import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { pollUntil, pollUntilAsync } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';
import { auditEntries, readClock, recordNamed } from './helpers.js';

/**
 * A whole time-to-live cycle against the emulator, on its compressed clock (600×: an hour of
 * lifecycle time is 6 real seconds): the expiry every cluster gets, the warning with its buttons
 * at the right time, an extension moving both, and the deletion through the delete job.
 */
const SCALE = 600;
const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('cluster time to live', () => {
  const redis = testRedis();
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsoleHarness({
      GPUBOT_EMULATOR_TIME_SCALE: String(SCALE),
      GPUBOT_CLUSTER_TTL: '3h',
      GPUBOT_CLUSTER_MAX_TTL: '5h',
      GPUBOT_CLUSTER_WARN_BEFORE: '30m',
    });
  });
  after(async () => {
    await h.stop();
    await redis.quit();
  });

  const clusterNamed = (name: string) => h.bot.emulator?.cloud.clusters().find((c) => c.name === name);

  test('without ttl= a cluster gets the default, written to its tags; an explicit ttl= wins', async () => {
    const watch = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=ttl-default');
    await watch.waitFor(/\[private to alice\] ✅ Your cluster ttl-default is ready/, 30_000);
    const record = await recordNamed(redis, h.prefix, 'ttl-default');
    assert.ok(record);
    assert.equal(record.ttlMs, 3 * HOUR);
    assert.equal(record.expiresAt - record.createdAt, 3 * HOUR);
    assert.equal(record.owner, 'console:alice');
    await pollUntil(
      () => clusterNamed('ttl-default')?.tags.some((t) => t.key === 'gpubot.io/expires-at') ?? false,
      () => `no expiry tag: ${JSON.stringify(clusterNamed('ttl-default')?.tags)}`,
    );
    const tags = Object.fromEntries((clusterNamed('ttl-default')?.tags ?? []).map((t) => [t.key, t.value]));
    assert.equal(tags['gpubot.io/ttl'], '3h');
    assert.equal(Date.parse(tags['gpubot.io/expires-at'] ?? ''), record.expiresAt);
    // gpubot's own tags are all still there: the whole set was sent.
    assert.equal(tags['gpubot.io/managed-by'], 'gpubot');
    assert.equal(tags['gpubot.io/owner'], 'console:alice');

    const list = sendAndWatch(h, '/gpu-cluster list');
    await list.waitFor(/ttl-default: running, 1 nodes, cn-hangzhou, owner you\n.*running .*\n.*expires in 2h \d+m/);

    const explicit = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=ttl-explicit ttl=4h30m');
    await explicit.waitFor(/\[private to alice\] ✅ Your cluster ttl-explicit is ready/, 30_000);
    const second = await recordNamed(redis, h.prefix, 'ttl-explicit');
    assert.equal(second?.ttlMs, 4.5 * HOUR);
  });

  test('a ttl= beyond the maximum or not a duration is refused at once and creates nothing', async () => {
    const before = h.bot.emulator?.cloud.clusters().length;
    const tooLong = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=ttl-long ttl=6h');
    await tooLong.waitFor(/\[only you\] ❌ .*`6h` is longer than a cluster may live: at most 5h/);
    const garbled = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=ttl-bad ttl=soon');
    await garbled.waitFor(/\[only you\] ❌ `soon` is not a duration/);
    await h.bot.waitUntilIdle(50);
    assert.equal(h.bot.emulator?.cloud.clusters().length, before);
  });

  test('the warning comes before expiry with its buttons; extending moves the expiry and the warning', async () => {
    const watch = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=ttl-extend ttl=1h');
    await watch.waitFor(/\[private to alice\] ✅ Your cluster ttl-extend is ready/, 30_000);
    const record = await recordNamed(redis, h.prefix, 'ttl-extend');
    assert.ok(record);
    const clock = await readClock(redis, h.prefix, SCALE);

    await watch.waitFor(/\[private to alice\] ⚠ Cluster ttl-extend expires in/, 30_000);
    const warnedAt = clock.now();
    assert.ok(warnedAt >= record.expiresAt - 30 * MINUTE, 'not warned before the warning time');
    assert.ok(warnedAt < record.expiresAt, 'warned before the expiry');
    const warning = watch.output().slice(watch.output().indexOf('⚠ Cluster ttl-extend'));
    // The emulator quotes a price (DescribePrice): what 30 minutes of it cost is the spend so far.
    const [, spent = '', hourly = ''] = /Spend so far: ([\d.]+) CNY \(([\d.]+) CNY an hour\)/.exec(warning) ?? [];
    const hours = Number(spent) / Number(hourly);
    assert.ok(hours > 0.4 && hours < 0.7, `spend of ${spent} at ${hourly} an hour is ${hours} hours, not about half an hour`);
    assert.match(warning, /\[Extend 2h\] \/gpu-cluster extend ttl-extend 2h/);
    assert.doesNotMatch(warning, /Extend 8h/, 'an extension beyond the 5h maximum is not offered');
    assert.match(warning, /It may live until .* at most \(5h after it was created\)/);
    assert.match(warning, /\[Delete now\] \/gpu-cluster delete ttl-extend/);

    const extend = sendAndWatch(h, '/gpu-cluster extend ttl-extend 2h');
    await extend.waitFor(/\[only you\] ✅ Cluster ttl-extend now expires at .*\(extended by 2h\)/);
    const moved = await recordNamed(redis, h.prefix, 'ttl-extend');
    assert.equal(moved?.expiresAt, record.expiresAt + 2 * HOUR);
    await pollUntil(
      () =>
        clusterNamed('ttl-extend')?.tags.some((t) => t.value === new Date(record.expiresAt + 2 * HOUR).toISOString()) ?? false,
      () => `expiry tag not updated: ${JSON.stringify(clusterNamed('ttl-extend')?.tags)}`,
    );

    // The old expiry passes and nothing happens; the next warning comes for the new one.
    await pollUntil(
      () => clock.now() > record.expiresAt + 10 * MINUTE,
      () => 'clock',
      30_000,
    );
    assert.equal(clusterNamed('ttl-extend')?.state, 'running', 'not deleted at the old expiry');
    const second = await extend.waitFor(/\[private to alice\] ⚠ Cluster ttl-extend expires in/, 30_000);
    assert.ok(second);
    assert.ok(clock.now() >= record.expiresAt + 2 * HOUR - 30 * MINUTE, 'the warning moved with the expiry');
    const refused = sendAndWatch(h, '/gpu-cluster extend ttl-extend 3h');
    await refused.waitFor(/\[only you\] ❌ Cluster ttl-extend cannot be extended by 3h: .* Extend it by 2h or less\./);
    assert.equal((await recordNamed(redis, h.prefix, 'ttl-extend'))?.expiresAt, record.expiresAt + 2 * HOUR, 'nothing changed');

    await extend.waitFor(/\[#console\] .*Cluster ttl-extend \(c\w+\) was deleted: its time to live ran out\./, 30_000);
    await extend.waitFor(/\[private to alice\] .*Your cluster ttl-extend \(c\w+\) reached the end of its time to live/);
    assert.ok(clock.now() >= record.expiresAt + 2 * HOUR, 'deleted at the new expiry, not before');
    assert.equal(clusterNamed('ttl-extend'), undefined);
    await pollUntilAsync(
      async () => (await recordNamed(redis, h.prefix, 'ttl-extend')) === undefined,
      () => 'record kept',
    );

    const audit = (await auditEntries(redis, h.prefix)).filter((e) => e.target === 'ttl-extend');
    const actions = audit.map((e) => `${e.action}:${e.actor}`);
    assert.deepEqual(
      actions.filter((a) => a.startsWith('lifecycle.')),
      ['lifecycle.warned:gpubot', 'lifecycle.extended:console:alice', 'lifecycle.warned:gpubot', 'lifecycle.expired:gpubot'],
    );
    assert.ok(actions.includes('cloud.delete:gpubot'), actions.join(', '));
    assert.equal(
      h.bot.emulator?.cloud.journal().filter((e) => e.action === 'DeleteCluster' && e.path.includes(record.clusterId)).length,
      1,
    );
  });
});
