import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { startFaultyKube, randomKubeFaults, type FaultyKube } from '../support/faulty-kube.js';
import { pollUntil } from '../support/poll-until.js';
import { recordFigures } from './support/figures.js';

/**
 * 20 % of Alibaba Cloud calls (throttled or 5xx) and 20 % of Kubernetes API calls (500, 503,
 * 429) fail while creates and notebook starts run. Every request is answered once; each create
 * makes one cluster; a create that gave up leaves no cluster running.
 */
let harness: ConsoleHarness;
let kube: FaultyKube;
let emulator: Emulator;
const CLUSTERS = ['fl1', 'fl2', 'fl3', 'fl4'];
const NOTEBOOKS = ['fn1', 'fn2'];

before(async () => {
  kube = await startFaultyKube();
  harness = await startConsoleHarness({ GPUBOT_JOB_RETRY_DELAY_MS: '200' }, { kube: kube.connector });
  emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
});
after(async () => {
  await harness.stop();
  await kube.close();
});

// A final answer: ready (✅), ready with a warning (⚠, e.g. the GPU check could not run) or failed (❌).
// Not the later report of a failed start's clean-up, which names the notebook's cluster as well.
const finals = (name: string) =>
  (harness.output().match(new RegExp(`\\[private to alice\\] (✅|⚠|❌) [^\\n]*\\b${name}\\b[^\\n]*`, 'g')) ?? []).filter(
    (line) => !line.includes('whose start failed, is removed'),
  );

test(
  '20 % cloud faults and 20 % Kubernetes faults: every request answered once, one cluster each, nothing left billing untracked',
  { timeout: 170_000 },
  async () => {
    emulator.cloud.faults.inject({ api: '*', fault: 'throttle', rate: 0.1, seed: 3 });
    emulator.cloud.faults.inject({ api: '*', fault: 'server-error', rate: 0.111, seed: 5 });
    kube.fail(randomKubeFaults(0.2));
    for (const name of CLUSTERS) harness.send(`/gpu-cluster create 1 gn5 name=${name}`);
    await pollUntil(
      () => CLUSTERS.every((name) => finals(name).length > 0),
      () => `not every create answered:\n${harness.output()}`,
      120_000,
      100,
    );
    const ready = CLUSTERS.filter((name) => finals(name).some((line) => !line.includes('❌')));
    assert.ok(ready.length > 0, 'at least one cluster to start notebooks on');
    // Each on its own cluster: a cluster here has one GPU.
    for (const [i, name] of NOTEBOOKS.entries()) harness.send(`/notebook start name=${name} cluster=${ready[i % ready.length]}`);
    await pollUntil(
      () => NOTEBOOKS.every((name) => finals(name).length > 0),
      () => `not every start answered:\n${harness.output()}`,
      120_000,
      100,
    );
    await harness.bot.waitUntilIdle(100);
    const cloudFaults = emulator.cloud.faults.fired();
    const kubeFaults = kube.counts().failed;
    emulator.cloud.faults.clear();
    kube.fail(undefined);

    for (const name of [...CLUSTERS, ...NOTEBOOKS]) assert.equal(finals(name).length, 1, `${name} answered once`);
    for (const name of NOTEBOOKS) {
      const cleanUps = harness.output().split(`[private to alice] ✅ Notebook ${name} on `).length - 1;
      assert.ok(cleanUps <= 1, `a failed start of ${name} is reported cleaned up at most once, not ${cleanUps} times`);
    }
    const calls = emulator.cloud.calls();
    assert.ok((calls.CreateCluster ?? 0) >= CLUSTERS.length, 'a create whose call failed is sent again');
    for (const name of CLUSTERS) {
      const made = emulator.cloud.clusters().filter((c) => c.name === name);
      assert.ok(made.length <= 1, `one cluster for ${name}`);
      const succeeded = ready.includes(name);
      // A create that gave up deleted what it made: nothing of it is left running.
      if (!succeeded)
        assert.ok(
          made.every((c) => ['deleting', 'deleted'].includes(c.state)),
          `${name} cleaned up`,
        );
      else assert.equal(made[0]?.state, 'running');
    }
    const started = NOTEBOOKS.filter((name) => finals(name).some((line) => !line.includes('❌')));
    assert.ok(cloudFaults > 10, `cloud faults injected: ${cloudFaults}`);
    assert.ok(kubeFaults > 10, `Kubernetes faults injected: ${kubeFaults}`);
    recordFigures({
      scenario: '20 % cloud and 20 % Kubernetes faults',
      requests: CLUSTERS.length + NOTEBOOKS.length,
      faults: { 'cloud calls failed': cloudFaults, 'kube calls failed': kubeFaults },
      outcomes: {
        'clusters ready': ready.length,
        'creates given up (cluster deleted)': CLUSTERS.length - ready.length,
        'notebooks ready': started.length,
        'starts given up': NOTEBOOKS.length - started.length,
        'answered once': CLUSTERS.length + NOTEBOOKS.length,
      },
    });
  },
);
