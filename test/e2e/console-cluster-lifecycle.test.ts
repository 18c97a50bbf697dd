import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, sendConfirmed } from '../support/console-wait.js';

let harness: ConsoleHarness;
before(async () => {
  harness = await startConsoleHarness();
});
after(async () => {
  await harness.stop();
});

test('create 2 gn5 goes from queued to a ready cluster with GPU workers, then list, status and delete', async () => {
  harness.send('/gpu-cluster create 2 gn5 name=demo');
  await harness.waitFor(/\[only you\] .*Queued: GPU cluster demo with 2 × ecs\.gn5-c4g1\.xlarge/);
  await harness.waitFor(/✔ Pre-flight checks.*zone cn-hangzhou-\w has ecs\.gn5-c4g1\.xlarge in stock/);
  await harness.waitFor(/✔ Request the ACK cluster — Cluster c\w+ requested/);
  await harness.waitFor(/✔ Check GPU workers — 2\/2 GPU workers Ready in cn-hangzhou-[a-z], 2 × nvidia\.com\/gpu allocatable/);
  await harness.waitFor(/\[#console\] .*GPU cluster demo for alice is ready/);
  const ready = await harness.waitFor(/\[private to alice\] ✅ Your cluster demo is ready/);
  assert.ok(ready);
  // The cloud reported its own stages while the cluster was being built.
  assert.match(harness.output(), /Provision the control plane and network — .+/);
  assert.match(harness.output(), /Start the GPU workers — .+/);

  harness.send('/gpu-cluster list');
  await harness.waitFor(/\[private to alice\].*\n.*demo: running, 2 nodes, cn-hangzhou, owner you/);

  harness.send('/gpu-cluster status demo');
  await harness.waitFor(/2\/2 workers Ready, 2 × nvidia\.com\/gpu allocatable/);

  // Deleting asks first; cancelling changes nothing, confirming with the code deletes.
  harness.send('/gpu-cluster delete demo');
  const [, first] = await harness.waitFor(/Delete cluster demo\? .*\n.*`\/gpu-cluster confirm ([a-z0-9]{8})`/);
  harness.send(`/gpu-cluster cancel ${first}`);
  await harness.waitFor(/Cancelled; nothing was changed\./);
  harness.send(`/gpu-cluster confirm ${first}`);
  await harness.waitFor(/This confirmation has expired or was already used/);
  assert.equal(harness.bot.emulator?.cloud.clusters().length, 1);
  const watch = await sendConfirmed(harness, '/gpu-cluster delete demo');
  await watch.waitFor(/Queued: delete cluster demo/);
  await harness.waitFor(/\[#console\] .*Cluster demo was deleted at alice's request/);
  await harness.waitFor(/\[private to alice\] .*Your cluster demo \(c\w+\) and its cloud resources are deleted/);
  assert.equal(harness.bot.emulator?.cloud.clusters().length, 0);
});

test('bad input is answered privately with a specific message and queues nothing', async () => {
  const watch = sendAndWatch(harness, '/gpu-cluster create 0 gn5');
  await watch.waitFor(/\[only you\] ❌ .*count/i);
  await harness.bot.waitUntilIdle(50);
  assert.doesNotMatch(watch.output(), /Queued|\[#console\]/);
});
