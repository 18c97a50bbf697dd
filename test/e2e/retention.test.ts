import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { keysWithPrefix, testRedis } from '../support/test-redis.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

/**
 * Finished work leaves Redis once its retention is over: job records, delivery records, progress
 * state and redelivery marks all expire (here after 3 s instead of hours). What a finished command
 * still costs is measured as the growth of everything under the prefix (bytes by MEMORY USAGE)
 * across a batch of commands, after their expiry, once the fixed-size parts (the queues' capped
 * event streams, counters) are full. Nothing triggers the clean-up but time. The audit trail (the
 * long-term history, with its own retention in days) is part of that measure.
 */
const RETENTION_S = 3;

describe('retention: what a finished command leaves in Redis', () => {
  const redis = testRedis();
  let h: SlackHarness;
  before(async () => {
    h = await startSlackHarness({
      env: {
        GPUBOT_RETENTION_HOURS: String(RETENTION_S / 3600),
        GPUBOT_FAILED_RETENTION_HOURS: String(RETENTION_S / 3600),
      },
    });
  });
  after(async () => {
    await h.stop();
    await redis.quit();
  });

  /**
   * Limits, meters and expiries (`:rsv:`, `:spend:`, `:lifecycle:`) describe running clusters and
   * their owners, not finished commands: they are left out of the bytes, and checked below to belong
   * to running clusters only.
   */
  const limitState = (key: string) => /:(rsv|spend|lifecycle):/.test(key);

  async function bytesUnderPrefix(): Promise<{ keys: string[]; bytes: number }> {
    const keys = await keysWithPrefix(redis, h.prefix);
    let bytes = 0;
    for (const key of keys.filter((k) => !limitState(k))) bytes += Number((await redis.memory('USAGE', key, 'SAMPLES', 0)) ?? 0);
    return { keys, bytes };
  }

  /** Creates and lists, as people use gpubot: progress, channel posts, DMs, command jobs. */
  async function runCommands(prefix: string, creates: number, lists: number): Promise<void> {
    const dms = () => [...h.slack.messages.values()].filter((m) => m.channel.startsWith('D')).length;
    const before = dms();
    // Many people in many channels, so Slack's per-channel pace is not what the test waits for.
    const who = (i: number) => ({ userId: `U0${prefix.toUpperCase()}${i}`, channelId: `C0${prefix.toUpperCase()}${i}` });
    for (let i = 0; i < creates; i += 1) await h.slash('/gpu-cluster', `create 1 gn5 name=${prefix}${i}`, who(i));
    for (let i = 0; i < lists; i += 1) await h.slash('/gpu-cluster', 'list', who(creates + i));
    await h.waitFor(() => dms() >= before + creates + lists, 'every answer', 60_000);
    await h.bot.waitUntilIdle();
  }

  /** Lets the retention pass (the bot role sweeps finished jobs every half retention). */
  async function expire(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, RETENTION_S * 2 * 1000));
  }

  const requestIds = (logs: string) => new Set([...logs.matchAll(/"requestId":"([0-9a-f]{24})"/g)].map((m) => m[1] as string));

  test('after expiry a finished command costs at most 2 KB, and none of its keys is left', async () => {
    // Warm up until the fixed-size parts are full (capped event streams, counters, gates).
    await runCommands('warm', 8, 20);
    await expire();
    const baseline = await bytesUnderPrefix();
    const seenBefore = requestIds(h.logs());

    const creates = 8;
    const lists = 12;
    await runCommands('r', creates, lists);
    const measured = requestIds(h.logs());
    for (const id of seenBefore) measured.delete(id);
    await expire();
    const after = await bytesUnderPrefix();

    const perCommand = (after.bytes - baseline.bytes) / (creates + lists);
    process.stdout.write(
      `retention: ${baseline.keys.length} keys / ${baseline.bytes} B before, ${after.keys.length} keys / ${after.bytes} B after ` +
        `${creates + lists} more commands: ${perCommand.toFixed(0)} B per finished command\n`,
    );
    assert.ok(perCommand <= 2048, `${perCommand.toFixed(0)} B per finished command`);
    // The commands of the batch left no key behind, but their audit trail: the long-term history,
    // kept for GPUBOT_AUDIT_RETENTION_DAYS (its entries and their once-marks are counted in the bytes above),
    // and, while a created cluster runs, what it holds against its owner's limits and its meter
    // (they go when the cluster is deleted: test/spend/usage-meter.test.ts), what the quota ledger
    // and the cluster index keep about it (they go too: test/jobs/quota-ledger.test.ts), and its expiry
    // job (which runs when the cluster's time to live is over: test/lifecycle/).
    const liveState = (key: string) =>
      /:rsv:hold:spend:[0-9a-f]{24}(:|$)|:spend:(holds|meter):[0-9a-f]{24}$|:spend:by-cluster:c[0-9a-f]+$/.test(key) ||
      /:rsv:(hold:create:|res:cluster-nodes:|holders:cluster-nodes:)[0-9a-f]{24}$|:cidx:req:[0-9a-f]{24}$/.test(key) ||
      /:lifecycle:expiry-c[0-9a-f]+$/.test(key);
    assert.deepEqual(
      after.keys.filter((key) => !key.includes(':audit:') && !liveState(key) && [...measured].some((id) => key.includes(id))),
      [],
    );
    const running = new Set(
      h.bot.emulator?.cloud
        .clusters()
        .filter((c) => c.state === 'running')
        .map((c) => c.name),
    );
    assert.ok(running.size >= creates, 'the created clusters still run');
    const live = new Set(h.bot.emulator?.cloud.clusters().map((cluster) => cluster.clusterId));
    for (const key of after.keys) {
      const expiring = /:lifecycle:expiry-(c[0-9a-f]+)$/.exec(key)?.[1];
      if (expiring) assert.ok(live.has(expiring), `${key} is the expiry of a cluster that is gone`);
    }
    for (const tracked of await redis.hkeys(`${h.prefix}:lifecycle:clusters`)) {
      assert.ok(live.has(tracked), `an expiry record of ${tracked}, a cluster that is gone`);
    }
    // Whatever remains expires or is fixed in size: nothing per command lives forever.
    for (const key of after.keys) {
      if (liveState(key)) continue;
      const ttl = await redis.pttl(key);
      const type = await redis.type(key);
      assert.ok(ttl > 0 || !/[0-9a-f]{24}/.test(key), `${key} (${type}) names a request and never expires`);
    }
  });
});
