import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createNotebookRecords } from '../../src/lifecycle/notebook-records.js';
import { clusterIdOf, NAMESPACE } from '../notebook/helpers.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { startFaultyKube, type FaultyKube } from '../support/faulty-kube.js';
import { pollUntil, pollUntilAsync } from '../support/poll-until.js';
import { testRedis } from '../support/test-redis.js';
import { auditEntries, readClock } from './helpers.js';

/**
 * Notebooks whose Jupyter activity cannot be read: every exec into their pods fails (a proxy in
 * front of the emulated API server answers 500). Not knowing is not idleness, but a notebook must
 * not hold its GPU for ever either: once unreadable for the idle time its owner is warned that
 * gpubot cannot tell, with the same buttons, and it is stopped after the grace unless kept. On the
 * compressed clock (600×: an hour is 6 real seconds), idle 1h, grace 30m.
 */
const SCALE = 600;
const HOUR = 3_600_000;

describe('notebooks whose activity cannot be read', () => {
  const redis = testRedis();
  let h: ConsoleHarness;
  let kube: FaultyKube;
  let clusterId: string;
  before(async () => {
    kube = await startFaultyKube();
    h = await startConsoleHarness(
      {
        GPUBOT_EMULATOR_TIME_SCALE: String(SCALE),
        GPUBOT_CLUSTER_TTL: '30d',
        GPUBOT_CLUSTER_MAX_TTL: '30d',
        GPUBOT_NOTEBOOK_IDLE: '1h',
        GPUBOT_NOTEBOOK_IDLE_GRACE: '30m',
        GPUBOT_METRICS_PORT: '0',
      },
      { kube: kube.connector },
    );
    const create = sendAndWatch(h, '/gpu-cluster create 3 gn5 name=dim');
    await create.waitFor(/\[private to alice\] ✅ Your cluster dim is ready/, 60_000);
    clusterId = clusterIdOf(h, 'dim');
  });
  after(async () => {
    await h?.stop();
    await kube?.close();
    await redis.quit();
  });

  const running = (name: string) =>
    (h.bot.emulator?.kube.objects(clusterId) ?? []).some(
      (o) => o.kind === 'Deployment' && o.namespace === NAMESPACE && o.name === name,
    );
  const unreadableGauge = async () => {
    const body = await (await fetch(`http://127.0.0.1:${h.bot.metricsPort}/metrics`)).text();
    return Number(/^gpubot_notebooks_activity_unreadable (\d+)$/m.exec(body)?.[1]);
  };

  test('warned that gpubot cannot tell, then stopped unless kept; readable ones judged as before', async () => {
    for (const name of ['nb-dark', 'nb-kept', 'nb-lit']) {
      const start = sendAndWatch(h, `/notebook start cluster=dim name=${name}`);
      await start.waitFor(new RegExp(`\\[#console\\] ✅ alice's notebook ${name} is running`), 60_000);
    }
    const pod = (name: string) =>
      h.bot.emulator?.kube.objects(clusterId).find((o) => o.kind === 'Pod' && o.name.startsWith(`${name}-`))?.name ?? '';
    h.bot.emulator?.kube.jupyter(clusterId, NAMESPACE, pod('nb-lit'))?.setKernelBusy(true);
    const dark = new RegExp(`/pods/(${pod('nb-dark')}|${pod('nb-kept')})/exec`);
    kube.fail((_method, path) => (dark.test(path) ? 500 : undefined));
    const records = createNotebookRecords(redis, h.prefix);
    const clock = await readClock(redis, h.prefix, SCALE);

    const watch = sendAndWatch(h, '/notebook list');
    await watch.waitFor(/\[private to alice\] ⚠ gpubot cannot tell whether notebook nb-dark is in use/, 60_000);
    await watch.waitFor(/\[private to alice\] ⚠ gpubot cannot tell whether notebook nb-kept is in use/, 30_000);
    const keep = sendAndWatch(h, '/notebook keep nb-kept');
    await keep.waitFor(/\[only you\] ✅ Notebook nb-kept keeps running/);
    const record = (await records.get('nb-dark')) ?? assert.fail('nb-dark is not watched');
    const since = record.unreadableSince ?? assert.fail('nb-dark has no unreadableSince');
    assert.ok((record.warnedAt ?? 0) >= since + HOUR, 'warned only after an hour of unreadable activity');
    const warning = watch.output().slice(watch.output().indexOf('⚠ gpubot cannot tell whether notebook nb-dark'));
    assert.match(warning, /Its Jupyter's activity could not be read for 1h/);
    assert.match(warning, /gpubot stops it at .* to free its GPU, unless you keep it running/);
    assert.match(warning, /\[Keep running\] \/notebook keep nb-dark/);
    assert.match(warning, /\[Stop now\] \/notebook stop nb-dark/);
    assert.equal(await unreadableGauge(), 2, 'both unreadable notebooks show in the gauge');
    assert.match(h.logs(), /"notebook":"nb-dark"[^\n]*"unreadableSince":\d+[^\n]*idle watch: activity unreadable/);

    await watch.waitFor(
      /\[#console\] ✅ alice's notebook nb-dark on dim was stopped: gpubot could not read its activity and no one kept it running\./,
      30_000,
    );
    await watch.waitFor(/\[private to alice\] .*Your notebook nb-dark was stopped: gpubot could not tell whether it was in use/);
    assert.ok(clock.now() >= (record.warnedAt ?? 0) + HOUR / 2, 'stopped only after the grace');
    assert.equal(running('nb-dark'), false);
    assert.equal(await records.get('nb-dark'), undefined, 'no longer watched');
    const audit = (await auditEntries(redis, h.prefix)).filter((e) => e.target === 'nb-dark');
    assert.deepEqual(
      audit.filter((e) => e.action?.startsWith('lifecycle.')).map((e) => `${e.action}:${e.actor}`),
      ['lifecycle.idle_warned:gpubot', 'lifecycle.idle_stopped:gpubot'],
    );
    assert.ok(audit.every((e) => !e.action?.startsWith('lifecycle.') || /activity unreadable/.test(e.summary ?? '')));

    // Kept, it outlives its grace; readable again, it is no longer counted as unreadable.
    const keptAt = clock.now();
    await pollUntil(
      () => clock.now() > keptAt + HOUR / 2 + HOUR / 6,
      () => 'clock',
      30_000,
    );
    assert.equal(running('nb-kept'), true, 'kept past the grace of its warning');
    kube.fail(undefined);
    await pollUntilAsync(
      async () => (await records.get('nb-kept'))?.unreadableSince === undefined,
      () => 'nb-kept still counted as unreadable after its activity could be read again',
      30_000,
    );
    assert.equal(await unreadableGauge(), 0);
    assert.equal(running('nb-lit'), true, 'a busy, readable notebook is never stopped');
    assert.doesNotMatch(h.output(), /notebook nb-lit is in use|Notebook nb-lit has been idle/);
  });
});
