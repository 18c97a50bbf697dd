import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, sendConfirmed, settle } from '../support/console-wait.js';
import { seedGpubotCluster } from '../support/emulated-cloud.js';

describe('alice is not an admin', () => {
  let harness: ConsoleHarness;
  let emulator: Emulator;
  before(async () => {
    harness = await startConsoleHarness();
    emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
    await seedGpubotCluster(emulator, 'bobs', 'console:bob');
    await seedGpubotCluster(emulator, 'alices', 'console:alice');
  });
  after(async () => {
    await harness.stop();
  });

  test("deleting someone else's cluster is refused and leaves it alone", async () => {
    const watch = await sendConfirmed(harness, '/gpu-cluster delete bobs');
    await watch.waitFor(
      /\[private to alice\].*\n?.*Cluster bobs belongs to console:bob; only its owner or a gpubot admin can delete it\./,
    );
    await settle(harness);
    assert.equal(emulator.cloud.calls().DeleteCluster ?? 0, 0);
    assert.ok(emulator.cloud.clusters().some((c) => c.name === 'bobs' && c.state !== 'deleting'));
  });

  test('an unknown name is refused, listing your own clusters', async () => {
    const watch = await sendConfirmed(harness, '/gpu-cluster delete nope');
    const refused = await watch.waitFor(
      /\[private to alice\].*\n?.*There is no gpubot cluster named nope\. Your clusters: ([^\n]*)\./,
    );
    assert.equal(refused[1], 'alices', "only alice's clusters, not bob's");
    const status = sendAndWatch(harness, '/gpu-cluster status nope');
    await status.waitFor(/There is no gpubot cluster named nope\. Your clusters: alices\./);
    await settle(harness);
    assert.equal(emulator.cloud.calls().DeleteCluster ?? 0, 0);
  });

  test('the owner may delete their own cluster', async () => {
    const watch = await sendConfirmed(harness, '/gpu-cluster delete alices');
    await watch.waitFor(/\[private to alice\] .*Your cluster alices \(c\w+\) and its cloud resources are deleted/);
    assert.ok(!emulator.cloud.clusters().some((c) => c.name === 'alices'));
  });
});

describe('alice is an admin (GPUBOT_ADMINS)', () => {
  let harness: ConsoleHarness;
  let emulator: Emulator;
  before(async () => {
    harness = await startConsoleHarness({ GPUBOT_ADMINS: 'console:alice' });
    emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
    await seedGpubotCluster(emulator, 'bobs', 'console:bob');
  });
  after(async () => {
    await harness.stop();
  });

  test("an admin may delete someone else's cluster", async () => {
    const watch = await sendConfirmed(harness, '/gpu-cluster delete bobs');
    await watch.waitFor(/\[#console\] .*Cluster bobs was deleted at alice's request/);
    await watch.waitFor(/\[private to alice\] .*Your cluster bobs \(c\w+\) and its cloud resources are deleted/);
    assert.ok(!emulator.cloud.clusters().some((c) => c.name === 'bobs'));
  });
});
