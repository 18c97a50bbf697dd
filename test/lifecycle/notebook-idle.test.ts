import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Queue } from 'bullmq';
import { LIFECYCLE_QUEUE } from '../../src/lifecycle/lifecycle-jobs.js';
import { createNotebookRecords } from '../../src/lifecycle/notebook-records.js';
import { clusterIdOf, NAMESPACE } from '../notebook/helpers.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { pollUntil, pollUntilAsync } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';
import { auditEntries, readClock } from './helpers.js';

/**
 * Idle notebooks against the emulator on its compressed clock (600×: an hour is 6 real seconds).
 * The emulated Jupyter reports activity as a real one does (`/api/status`, kernels, terminals, read
 * from inside the container); the test uses it as a person would. Three GPUs, three notebooks:
 * the idle one is warned, then stopped, and its GPU is free for another start; the busy one is
 * never touched; the kept one survives its grace.
 */
const SCALE = 600;
const HOUR = 3_600_000;

describe('idle notebooks', () => {
  const redis = testRedis();
  let h: ConsoleHarness;
  let clusterId: string;
  before(async () => {
    h = await startConsoleHarness({
      GPUBOT_EMULATOR_TIME_SCALE: String(SCALE),
      GPUBOT_CLUSTER_TTL: '30d',
      GPUBOT_CLUSTER_MAX_TTL: '30d',
      GPUBOT_NOTEBOOK_IDLE: '2h',
      GPUBOT_NOTEBOOK_IDLE_GRACE: '1h',
    });
    const create = sendAndWatch(h, '/gpu-cluster create 3 gn5 name=idle-lab');
    // With GPUBOT_CLUSTER_IDLE off (the default), an empty cluster is never judged idle.
    h.send('/gpu-cluster create 1 gn5 name=bare');
    await create.waitFor(/\[private to alice\] ✅ Your cluster idle-lab is ready/, 60_000);
    await create.waitFor(/\[private to alice\] ✅ Your cluster bare is ready/, 60_000);
    clusterId = clusterIdOf(h, 'idle-lab');
  });
  after(async () => {
    await h.stop();
    await redis.quit();
  });

  const jupyterOf = (name: string) => {
    const pod = h.bot.emulator?.kube
      .objects(clusterId)
      .find((o) => o.kind === 'Pod' && o.namespace === NAMESPACE && o.name.startsWith(`${name}-`));
    assert.ok(pod, `no pod of ${name}`);
    const jupyter = h.bot.emulator?.kube.jupyter(clusterId, NAMESPACE, pod.name);
    assert.ok(jupyter, `no Jupyter runs in ${pod.name}`);
    return jupyter;
  };
  const running = (name: string) =>
    (h.bot.emulator?.kube.objects(clusterId) ?? []).some(
      (o) => o.kind === 'Deployment' && o.namespace === NAMESPACE && o.name === name,
    );

  test('idle is warned then stopped (its GPU freed); busy is untouched; "Keep running" resets', async () => {
    for (const name of ['nb-idle', 'nb-busy', 'nb-keep']) {
      const start = sendAndWatch(h, `/notebook start cluster=idle-lab name=${name}`);
      await start.waitFor(new RegExp(`\\[#console\\] ✅ alice's notebook ${name} is running`), 60_000);
    }
    // A long training run: the kernel stays busy, nothing else happens.
    jupyterOf('nb-busy').setKernelBusy(true);
    const records = createNotebookRecords(redis, h.prefix);
    const idle = await records.get('nb-idle');
    assert.ok(idle, 'a started notebook is watched');
    assert.equal(idle.clusterId, clusterId);
    assert.equal(idle.gpus, 1);
    const clock = await readClock(redis, h.prefix, SCALE);

    const watch = sendAndWatch(h, '/notebook list');
    await watch.waitFor(/\[private to alice\] ⚠ Notebook nb-idle has been idle for/, 60_000);
    assert.ok(clock.now() >= idle.startedAt + 2 * HOUR, 'warned only after 2h without activity');
    const warning = watch.output().slice(watch.output().indexOf('⚠ Notebook nb-idle'));
    assert.match(warning, /gpubot stops it at .* to free its GPU, unless you keep it running/);
    assert.match(warning, /\[Keep running\] \/notebook keep nb-idle/);
    assert.match(warning, /\[Stop now\] \/notebook stop nb-idle/);

    await watch.waitFor(/\[private to alice\] ⚠ Notebook nb-keep has been idle for/, 30_000);
    const keptAt = clock.now();
    const keep = sendAndWatch(h, '/notebook keep nb-keep');
    await keep.waitFor(/\[only you\] ✅ Notebook nb-keep keeps running\. gpubot warns you again after 2h without activity\./);

    await watch.waitFor(
      /\[#console\] ✅ alice's notebook nb-idle on idle-lab was stopped: it sat idle\. Its GPUs are free again and its disk is kept\./,
      30_000,
    );
    await watch.waitFor(/\[private to alice\] .*Your notebook nb-idle was stopped because it sat idle/);
    const record = await records.get('nb-idle');
    assert.equal(record, undefined, 'the stopped notebook is no longer watched');
    assert.ok(clock.now() >= idle.startedAt + 2 * HOUR + HOUR, 'stopped only after the grace');
    assert.equal(running('nb-idle'), false);

    // Its GPU is free: a fourth notebook fits on the three GPUs.
    const another = sendAndWatch(h, '/notebook start cluster=idle-lab name=nb-next');
    await another.waitFor(/\[#console\] ✅ alice's notebook nb-next is running on idle-lab with 1 GPU/, 60_000);
    await pollUntil(
      () => clock.now() > keptAt + HOUR + HOUR / 2,
      () => 'clock',
      30_000,
    );
    assert.equal(running('nb-keep'), true, 'kept past the grace of its first warning');
    assert.equal(running('nb-busy'), true, 'a busy notebook is never stopped');
    assert.doesNotMatch(h.output(), /Notebook nb-busy has been idle/);

    // Used again after a warning: the warning no longer stands.
    await watch.waitFor(/\[private to alice\] ⚠ Notebook nb-next has been idle for/, 60_000);
    jupyterOf('nb-next').openTerminal();
    await pollUntilAsync(
      async () => (await records.get('nb-next'))?.warnedAt === undefined,
      () => 'the warning was not taken back after use',
      30_000,
    );
    assert.equal(running('nb-next'), true);
    assert.doesNotMatch(h.output(), /Cluster (bare|idle-lab) has been idle/, 'cluster idleness is off by default');
    assert.ok(
      h.bot.emulator?.cloud.clusters().some((c) => c.name === 'bare'),
      'the empty cluster lives',
    );

    const audit = (await auditEntries(redis, h.prefix))
      .filter((e) => e.target === 'nb-idle')
      .map((e) => `${e.action}:${e.actor}`);
    assert.deepEqual(
      audit.filter((a) => a.startsWith('lifecycle.')),
      ['lifecycle.idle_warned:gpubot', 'lifecycle.idle_stopped:gpubot'],
    );
    const kept = (await auditEntries(redis, h.prefix)).filter((e) => e.target === 'nb-keep').map((e) => `${e.action}:${e.actor}`);
    assert.ok(kept.includes('lifecycle.kept:console:alice'), kept.join(', '));
  });

  test('keeping a notebook gpubot does not watch is refused, naming the ones it does', async () => {
    const unknown = sendAndWatch(h, '/notebook keep nb-nope');
    await unknown.waitFor(
      /\[only you\] ❌ gpubot is not watching a running notebook named nb-nope\. Notebooks it watches: .*nb-busy/,
    );
  });

  test('a running notebook gpubot lost track of (Redis restored from an old backup) is watched again by reconciling', async () => {
    const records = createNotebookRecords(redis, h.prefix);
    assert.ok(await records.get('nb-busy'));
    await records.forget('nb-busy');
    const clock = await readClock(redis, h.prefix, SCALE);
    const before = clock.now();
    const lifecycle = new Queue(LIFECYCLE_QUEUE, { connection: redis, prefix: h.prefix });
    try {
      await lifecycle.add('reconcile', { kind: 'reconcile' });
      await pollUntilAsync(
        async () => (await records.get('nb-busy')) !== undefined,
        () => 'not adopted',
        30_000,
      );
    } finally {
      await lifecycle.close();
    }
    const adopted = await records.get('nb-busy');
    assert.equal(adopted?.owner, 'console:alice');
    assert.equal(adopted?.clusterId, clusterId);
    assert.ok((adopted?.startedAt ?? 0) >= before, 'watched from now: the whole idle time before a warning');
  });
});
