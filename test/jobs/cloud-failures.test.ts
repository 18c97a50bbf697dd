import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, settle } from '../support/console-wait.js';
import { pollUntil } from '../support/poll-until.js';

const waitUntil = (check: () => boolean, what: string, timeoutMs = 10_000) =>
  pollUntil(check, () => `timed out waiting until ${what}`, timeoutMs, 25);

describe('failures at the cloud during a job', () => {
  let harness: ConsoleHarness;
  let emulator: Emulator;
  before(async () => {
    harness = await startConsoleHarness();
    emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
  });
  after(async () => {
    await harness.stop();
  });
  afterEach(async () => {
    await settle(harness);
    emulator.cloud.faults.clear();
  });

  test('ACK runs out of stock while creating: the task fails, the message explains NoStock with advice, the failed cluster is deleted', async () => {
    emulator.cloud.faults.inject({ api: 'CreateCluster', fault: 'stock-out', times: 1 });
    const watch = sendAndWatch(harness, '/gpu-cluster create 2 gn5 name=no-stock');
    const failed = await watch.waitFor(
      /\[private to alice\] ❌[^\n]*\n(?:\[private to alice\] )?([^\n]*ACK could not create the cluster[^\n]*)/,
    );
    const reason = failed[1] ?? '';
    assert.match(reason, /OperationDenied\.NoStock/);
    assert.match(reason, /sold out in that zone\. Try again later, another zone \(zone=<z>\)/);
    await watch.waitFor(/gpubot is deleting cluster no-stock \(c\w+\) so it costs nothing; you will be told when it is gone/);
    // The channel's progress message and the private message are separate deliveries, in either order.
    await watch.waitFor(/\[#console\] ❌ ACK could not create the cluster: OperationDenied\.NoStock/);
    assert.doesNotMatch(watch.output(), /✅ Your cluster/);
    await waitUntil(() => emulator.cloud.calls().DeleteCluster === 1, 'the failed cluster is deleted once');
    await waitUntil(
      () => !emulator.cloud.clusters().some((c) => c.name === 'no-stock' && c.state !== 'deleting'),
      'the failed cluster is deleted',
    );
    await watch.waitFor(/\[private to alice\] ✅ Cluster no-stock \(c\w+\), whose creation failed, is deleted/);
    assert.equal(emulator.cloud.calls().DeleteCluster, 1, 'deleted once');
  });

  test('throttling and 5xx during the job are retried transparently', async () => {
    // One of each keeps the file fast: the adapter's production backoff starts at 0.5 s.
    emulator.cloud.faults.inject({ api: 'CreateCluster', fault: 'throttle', times: 1 });
    emulator.cloud.faults.inject({ api: 'DescribeClusterDetail', fault: 'server-error', times: 1 });
    emulator.cloud.faults.inject({ api: 'DescribeAvailableResource', fault: 'throttle', times: 1 });
    const before = emulator.cloud.calls().CreateCluster ?? 0;
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=bumpy');
    await watch.waitFor(/\[private to alice\] ✅ Your cluster bumpy is ready/, 30_000);
    assert.doesNotMatch(watch.output(), /❌/);
    assert.equal((emulator.cloud.calls().CreateCluster ?? 0) - before, 2, 'one throttled try and one that went through');
    assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'bumpy').length, 1);
    assert.match(harness.logs(), /cloud call retried/);
  });

  test('RAM permission missing on CreateCluster: refused with what to do, nothing left behind', async () => {
    emulator.cloud.faults.inject({ api: 'CreateCluster', fault: 'forbidden', times: 1 });
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=no-ram');
    await watch.waitFor(
      /\[private to alice\].*\n?.*gpubot's access key may not call CreateCluster \(ErrorCheckAcl\)\. An administrator must grant the RAM policy/,
    );
    assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'no-ram').length, 0);
  });
});

describe('a cluster that takes longer than the timeout', () => {
  let harness: ConsoleHarness;
  before(async () => {
    harness = await startConsoleHarness({
      GPUBOT_EMULATOR_TIME_SCALE: '20',
      GPUBOT_CLUSTER_TIMEOUT_MS: '400',
      GPUBOT_POLL_INTERVAL_MS: '50',
      GPUBOT_AUDIT_CHANNEL: '#audit',
    });
  });
  after(async () => {
    await harness.stop();
  });

  test('gives up with a clear message and deletes the cluster; when that gives up too, says what is left and how to delete it', async () => {
    const watch = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=slow');
    await watch.waitFor(
      /\[private to alice\].*\n?.*Cluster slow \(c\w+\) is still initial after \d+ seconds; gpubot gave up waiting for it/,
    );
    const [, clusterId] = await watch.waitFor(/gpubot is deleting cluster slow \((c\w+)\) so it costs nothing/);
    await watch.waitFor(/⏳ Delete cluster slow after its failed creation/);
    // The same 400 ms timeout bounds the delete's wait, so the clean-up gives up too: the owner and
    // the audit channel are told exactly what is left and the commands that delete it.
    const left = `Cluster slow \\(${clusterId}\\) in cn-hangzhou is still there and billed\\. Delete it with \`/gpu-cluster delete slow\`, or \`aliyun cs DELETE /clusters/${clusterId} --region=cn-hangzhou\``;
    await watch.waitFor(new RegExp(`\\[private to alice\\]   ${left}`), 30_000);
    await watch.waitFor(
      new RegExp(
        `\\[#audit\\].*cleanup\\.failed.*${clusterId} in cn-hangzhou left: /gpu-cluster delete slow or aliyun cs DELETE /clusters/${clusterId} --region=cn-hangzhou`,
      ),
    );
    assert.doesNotMatch(watch.output(), /✅ Your cluster/);
    const emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
    assert.equal(
      emulator.cloud.clusters().find((c) => c.clusterId === clusterId)?.state ?? 'deleted',
      'deleting',
      'it was asked to go',
    );
  });
});
