import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { startFaultyKube, type FaultyKube } from '../support/faulty-kube.js';
import { pollUntil } from '../support/poll-until.js';

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
  });
});
