import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { clusterIdOf } from '../notebook/helpers.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { pollUntil } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';
import { auditEntries, readClock, recordNamed } from './helpers.js';

/**
 * Idle clusters (GPUBOT_CLUSTER_IDLE) against the emulator on its compressed clock (600×: an hour
 * is 6 real seconds). A gpubot cluster with no notebook and no GPU pod is warned, then deleted
 * through the delete job; one with a notebook, one with someone's GPU pod, one kept running, one
 * stripped of gpubot's tags and one gpubot never made are left alone.
 */
const SCALE = 600;
const HOUR = 3_600_000;

describe('idle clusters', () => {
  const redis = testRedis();
  let h: ConsoleHarness;
  before(async () => {
    h = await startConsoleHarness({
      GPUBOT_EMULATOR_TIME_SCALE: String(SCALE),
      GPUBOT_CLUSTER_TTL: '30d',
      GPUBOT_CLUSTER_MAX_TTL: '30d',
      GPUBOT_CLUSTER_IDLE: '4h',
      GPUBOT_CLUSTER_IDLE_GRACE: '1h',
    });
  });
  after(async () => {
    await h.stop();
    await redis.quit();
  });

  /** A pod someone runs by hand (not a gpubot notebook) that asks for a GPU, through the cluster's own API. */
  async function runGpuPod(clusterId: string): Promise<void> {
    const emulator = h.bot.emulator;
    assert.ok(emulator);
    const kubeconfig = parse(await emulatedCloud(emulator).getKubeconfig({ regionId: 'cn-hangzhou', clusterId })) as {
      clusters: { cluster: { server: string } }[];
      users: { user: { token: string } }[];
    };
    const response = await fetch(`${kubeconfig.clusters[0]?.cluster.server}/api/v1/namespaces/default/pods`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${kubeconfig.users[0]?.user.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'trainer' },
        spec: {
          containers: [
            { name: 'train', image: 'nvidia/cuda:12.4.1-base-ubuntu22.04', resources: { limits: { 'nvidia.com/gpu': '1' } } },
          ],
        },
      }),
    });
    assert.equal(response.status, 201, await response.text());
  }

  test(
    'idle is warned then deleted; in use, kept, stripped and foreign clusters are left alone',
    { timeout: 170_000 },
    async () => {
      const emulator = h.bot.emulator;
      assert.ok(emulator);
      const cloud = emulatedCloud(emulator);
      const foreign = await cloud.createCluster({
        name: 'someone-elses',
        regionId: 'cn-hangzhou',
        clusterSpec: 'ack.pro.small',
        network: { kind: 'new', zoneIds: ['cn-hangzhou-h'] },
        tags: [{ key: 'team', value: 'vision' }],
      });
      const names = ['lonely', 'with-nb', 'gpu-pod', 'kept', 'stripped'];
      const watch = sendAndWatch(h, '/gpu-cluster list');
      for (const name of names) h.send(`/gpu-cluster create 1 gn5 name=${name}`);
      for (const name of names)
        await watch.waitFor(new RegExp(`\\[private to alice\\] ✅ Your cluster ${name} is ready`), 90_000);
      const ids = Object.fromEntries(names.map((name) => [name, clusterIdOf(h, name)]));
      const clock = await readClock(redis, h.prefix, SCALE);
      const lonely = await recordNamed(redis, h.prefix, 'lonely');
      assert.ok(lonely);

      const notebook = sendAndWatch(h, '/notebook start cluster=with-nb name=nb-keeps-it');
      await notebook.waitFor(/\[#console\] ✅ alice's notebook nb-keeps-it is running on with-nb/, 60_000);
      await runGpuPod(ids['gpu-pod'] ?? '');
      const ref = { regionId: 'cn-hangzhou', clusterId: ids['stripped'] ?? '' };
      const others = (await cloud.describeCluster(ref))?.tags.filter((t) => !t.key.startsWith('gpubot.io/')) ?? [];
      await cloud.setClusterTags(ref, [...others, { key: 'team', value: 'nlp' }]);

      await watch.waitFor(/\[private to alice\] ⚠ Cluster lonely has been idle for/, 60_000);
      assert.ok(clock.now() >= lonely.createdAt + 4 * HOUR, 'warned only after 4h idle');
      const warning = watch.output().slice(watch.output().indexOf('⚠ Cluster lonely'));
      assert.match(
        warning,
        /No gpubot notebook runs on it and no pod uses a GPU since .* gpubot deletes it at .*unless you keep it running/,
      );
      assert.match(warning, /\[Keep running\] \/gpu-cluster keep lonely/);
      assert.match(warning, /\[Delete now\] \/gpu-cluster delete lonely/);

      await watch.waitFor(/\[private to alice\] ⚠ Cluster kept has been idle for/, 30_000);
      const keep = sendAndWatch(h, '/gpu-cluster keep kept');
      await keep.waitFor(/\[only you\] ✅ Cluster kept keeps running\. gpubot warns you again after 4h/);
      const keptAt = clock.now();

      await watch.waitFor(
        /\[#console\] .*Cluster lonely \(c\w+\) was deleted: it sat idle, with no notebook and no pod using a GPU\./,
        60_000,
      );
      await watch.waitFor(/\[private to alice\] .*Your cluster lonely \(c\w+\) sat idle after the warning and is deleted/);
      await pollUntil(
        () => emulator.cloud.clusters().every((c) => c.name !== 'lonely'),
        () => 'lonely still listed',
      );

      await pollUntil(
        () => clock.now() > keptAt + 1.5 * HOUR,
        () => 'clock',
        30_000,
      );
      await h.bot.waitUntilIdle(50);
      const alive = emulator.cloud.clusters().map((c) => c.name);
      for (const name of ['with-nb', 'gpu-pod', 'kept', 'stripped', 'someone-elses'])
        assert.ok(alive.includes(name), `${name} lives`);
      for (const name of ['with-nb', 'gpu-pod', 'stripped']) {
        assert.doesNotMatch(h.output(), new RegExp(`Cluster ${name} has been idle`), `${name} was never warned`);
      }
      const journal = emulator.cloud.journal();
      assert.deepEqual(
        journal.filter((e) => e.path.includes(foreign.clusterId)).map((e) => e.action),
        [],
        'gpubot never called anything about the foreign cluster',
      );
      assert.deepEqual(
        journal.filter((e) => e.action === 'DeleteCluster').map((e) => e.path.includes(ids['lonely'] ?? '?')),
        [true],
        'only the idle cluster was deleted',
      );
      const audit = (await auditEntries(redis, h.prefix))
        .filter((e) => e.target === 'lonely')
        .map((e) => `${e.action}:${e.actor}`);
      assert.deepEqual(
        audit.filter((a) => a.startsWith('lifecycle.idle')),
        ['lifecycle.idle_warned:gpubot', 'lifecycle.idle_deleted:gpubot'],
      );
      assert.ok(audit.includes('cloud.delete:gpubot'), audit.join(', '));
    },
  );
});
