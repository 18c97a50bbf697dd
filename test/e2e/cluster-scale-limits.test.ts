import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { testRedis } from '../support/test-redis.js';
import { recordNamed } from '../lifecycle/helpers.js';

/**
 * A scale that grows is held against the person's GPU limit like a create: past it, it is refused at
 * once and nothing is asked of ACK; within it, the added GPUs count until the cluster shrinks or is deleted.
 */
let h: ConsoleHarness;
const redis = testRedis();

before(async () => {
  h = await startConsoleHarness({ GPUBOT_USER_MAX_GPUS: '2' });
});
after(async () => {
  await h.stop();
  await redis.quit();
});

const scaleCalls = () => (h.bot.emulator?.cloud.journal() ?? []).filter((e) => e.action === 'ScaleClusterNodePool').length;

test('growing past the GPU limit is refused before anything happens; within it, it goes ahead', { timeout: 90_000 }, async () => {
  const create = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=lim');
  await create.waitFor(/\[private to alice\] ✅ Your cluster lim is ready/, 30_000);

  const over = sendAndWatch(h, '/gpu-cluster scale lim 3');
  await over.waitFor(/\[only you\] ❌ You already have 1 GPUs running and asked for 2 more; your limit is 2\./);
  await h.bot.waitUntilIdle(50);
  assert.equal(scaleCalls(), 0);
  assert.equal((await recordNamed(redis, h.prefix, 'lim'))?.nodes, 1);

  const within = sendAndWatch(h, '/gpu-cluster scale lim 2');
  await within.waitFor(/✔ Check GPU workers — 2\/2 GPU workers Ready/, 30_000);
  assert.equal(scaleCalls(), 1);

  // The added GPU is held with the cluster: one more is over the limit.
  const again = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=lim2');
  await again.waitFor(/\[only you\] ❌ You already have 2 GPUs running and asked for 1 more; your limit is 2\./);

  // Shrinking gives the removed GPU back as soon as its node is gone: the next create fits.
  const down = sendAndWatch(h, '/gpu-cluster scale lim 1');
  await down.waitFor(/✔ Check GPU workers — 1\/1 GPU workers Ready/, 30_000);
  const fits = sendAndWatch(h, '/gpu-cluster create 1 gn5 name=lim3');
  await fits.waitFor(/\[private to alice\] ✅ Your cluster lim3 is ready/, 30_000);
});
