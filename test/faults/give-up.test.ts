import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { startFaultyKube, type FaultyKube } from '../support/faulty-kube.js';
import { notebookObjects } from '../notebook/helpers.js';
import { pollUntil } from '../support/poll-until.js';
import { recordFigures } from './support/figures.js';

/**
 * A create that gives up after it made a cluster deletes it, through the same delete job as
 * `/gpu-cluster delete`: here the clusters' Kubernetes API answers 500 to every node listing, so
 * the GPU check fails on every retry until they are used up.
 */
describe('a create whose GPU check never gets an answer from Kubernetes', () => {
  let harness: ConsoleHarness;
  let kube: FaultyKube;
  let emulator: Emulator;
  before(async () => {
    kube = await startFaultyKube();
    harness = await startConsoleHarness(
      { GPUBOT_JOB_RETRY_DELAY_MS: '100', GPUBOT_AUDIT_CHANNEL: '#audit' },
      { kube: kube.connector },
    );
    emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
  });
  after(async () => {
    await harness.stop();
    await kube.close();
  });

  test('retries are used up: the owner is told why, the cluster is deleted, and the owner is told when it is gone', async () => {
    kube.fail((method, path) => (method === 'GET' && path.startsWith('/api/v1/nodes') ? 500 : undefined));
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=no-nodes');
    const [, clusterId] = await watch.waitFor(/Cluster (c\w+) requested/);
    await watch.waitFor(/\[private to alice\] ❌ GPU cluster no-nodes/, 60_000);
    await watch.waitFor(/\[private to alice\] {3}Something went wrong on our side \(kube\.unavailable\)/);
    await watch.waitFor(
      new RegExp(`\\[private to alice\\]   gpubot is deleting cluster no-nodes \\(${clusterId}\\) so it costs nothing`),
    );
    await watch.waitFor(
      new RegExp(`\\[private to alice\\] ✅ Cluster no-nodes \\(${clusterId}\\), whose creation failed, is deleted`),
      30_000,
    );
    await harness.bot.waitUntilIdle(50);
    assert.ok(kube.counts().failed >= 5, `every attempt met the fault (${kube.counts().failed} failed answers)`);
    assert.equal(emulator.cloud.calls().DeleteCluster, 1, 'deleted once');
    await pollUntil(
      () => !emulator.cloud.clusters().some((c) => c.clusterId === clusterId && c.state !== 'deleted'),
      () => 'the cluster is gone',
      10_000,
      50,
    );
    const out = watch.output();
    assert.equal(out.match(/\[private to alice\] ❌/g)?.length, 1, 'one failure report');
    assert.equal(out.match(/whose creation failed, is deleted/g)?.length, 1, 'one clean-up report');
    assert.doesNotMatch(out, /✅ Your cluster/);
    // The failure and the clean-up are in the audit trail (mirrored to the audit channel).
    await watch.waitFor(/\[#audit\].*job\.failed.*kube\.unavailable/);
    await watch.waitFor(new RegExp(`\\[#audit\\].*gpubot.*cloud\\.delete.*${clusterId}`));
    // The name and the quota the create held are free again: the same name can be created.
    kube.fail(undefined);
    const again = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=no-nodes');
    await again.waitFor(/\[private to alice\] ✅ Your cluster no-nodes is ready/, 60_000);
    recordFigures({
      scenario: 'Kubernetes 500 on every node listing during a create',
      requests: 2,
      faults: { 'kube calls failed': kube.counts().failed },
      outcomes: { 'given up and reported': 1, 'clusters deleted': 1, 'owner told it is gone': 1, 'same name created after': 1 },
    });
  });
});

/**
 * A notebook start that gives up removes what it made itself; when that removal fails too (here
 * every DELETE to the cluster answers 503), a clean-up job removes it once the cluster answers.
 */
describe('a notebook start that gives up while its cluster refuses deletes', () => {
  let harness: ConsoleHarness;
  let kube: FaultyKube;
  let emulator: Emulator;
  before(async () => {
    kube = await startFaultyKube();
    harness = await startConsoleHarness(
      // 1.8 s to be ready; retries a second apart, so the clean-up outlasts the refusals.
      { GPUBOT_NOTEBOOK_TIMEOUT_MINUTES: '0.03', GPUBOT_JOB_RETRY_DELAY_MS: '1000' },
      { kube: kube.connector },
    );
    emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
    harness.send('/gpu-cluster create 1 gn5 name=nbc');
    await harness.waitFor(/\[private to alice\] ✅ Your cluster nbc is ready/, 60_000);
  });
  after(async () => {
    await harness.stop();
    await kube.close();
  });

  test('the owner is told it is being removed, and again once the clean-up removed it', async () => {
    const clusterId = emulator.cloud.clusters().find((c) => c.name === 'nbc')?.clusterId ?? assert.fail('cluster nbc');
    const objects = () => notebookObjects(harness, clusterId, 'stuck').map((o) => o.kind);
    emulator.kube.failImagePulls(/example\/missing/);
    kube.fail((method) => (method === 'DELETE' ? 503 : undefined));
    const watch = sendAndWatch(harness, '/notebook start name=stuck image=example/missing:1.0 cluster=nbc');
    await watch.waitFor(
      /\[private to alice\] {3}Notebook stuck was not ready after .* gpubot could not yet remove everything it created\./,
      30_000,
    );
    await watch.waitFor(/\[private to alice\] {3}gpubot is removing notebook stuck from nbc \(its load balancer and disk\)/);
    assert.ok(objects().length > 0, 'its objects are still there while deletes fail');
    kube.fail(undefined);
    await watch.waitFor(/\[private to alice\] ✅ Notebook stuck on nbc, whose start failed, is removed/, 30_000);
    await harness.bot.waitUntilIdle(50);
    assert.deepEqual(objects(), [], 'nothing of it is left: no load balancer, no disk');
    assert.equal(watch.output().match(/\[private to alice\] ❌/g)?.length, 1, 'one failure report');
  });
});
