import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { pollUntil } from '../support/poll-until.js';

/**
 * A real provisioning waits without a worker slot: with one slot, three creates all reach
 * CreateCluster before the first cluster runs, and all three finish.
 */
let harness: ConsoleHarness;
let emulator: Emulator;
before(async () => {
  harness = await startConsoleHarness({
    GPUBOT_WORKER_CONCURRENCY: '1',
    // About 2 s for a cluster, and as much for its node pool.
    GPUBOT_EMULATOR_TIME_SCALE: '300',
    GPUBOT_POLL_INTERVAL_MS: '100',
  });
  emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
});
after(async () => {
  await harness.stop();
});

test(
  'one worker slot, three creates: all are requested before the first cluster runs, and all finish',
  { timeout: 60_000 },
  async () => {
    for (const name of ['slot-a', 'slot-b', 'slot-c']) harness.send(`/gpu-cluster create 1 gn5 name=${name}`);
    await pollUntil(
      () => (emulator.cloud.calls().CreateCluster ?? 0) === 3,
      () => `only ${emulator.cloud.calls().CreateCluster ?? 0} CreateCluster calls`,
      20_000,
    );
    assert.ok(
      emulator.cloud.clusters().every((cluster) => cluster.state !== 'running'),
      'the three clusters were requested while the first was still being created',
    );
    for (const name of ['slot-a', 'slot-b', 'slot-c']) {
      await harness.waitFor(new RegExp(`\\[private to alice\\] ✅ Your cluster ${name} is ready`), 40_000);
    }
  },
);
