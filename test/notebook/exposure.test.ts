import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { clusterIdOf } from './helpers.js';

/** An operator who restricted who may connect and chose plain HTTP: no open-to-anyone warning; HTTP said out loud. */
let harness: ConsoleHarness;
before(async () => {
  harness = await startConsoleHarness({ GPUBOT_NOTEBOOK_ALLOW_HTTP: 'true', GPUBOT_NOTEBOOK_SOURCE_RANGES: '203.0.113.0/24' });
  harness.send('/gpu-cluster create 2 gn5 name=demo');
  await harness.waitFor(/\[private to alice\] ✅ Your cluster demo is ready/);
});
after(async () => {
  await harness.stop();
});

test('with GPUBOT_NOTEBOOK_ALLOW_HTTP the URL is http://, the channel post says so, and there is no certificate', async () => {
  const start = sendAndWatch(harness, '/notebook start name=plain');
  await start.waitFor(
    /\[#console\] ✅ alice's notebook plain is running on demo with 1 GPU: http:\/\/nlb-[0-9a-z]+\.cn-hangzhou\.nlb\.aliyuncsslb\.com\n/,
  );
  await start.waitFor(/\[#console\] {3}This notebook is served over plain HTTP \(GPUBOT_NOTEBOOK_ALLOW_HTTP\)/);
  await start.waitFor(/\[private to alice\] {3}Password: /);
  assert.doesNotMatch(start.output(), /Certificate SHA-256|self-signed/);
  assert.doesNotMatch(start.output(), /reachable from anywhere/);
  const objects = harness.bot.emulator?.kube.objects(clusterIdOf(harness, 'demo')) ?? [];
  const secret = objects.find((o) => o.kind === 'Secret' && o.name === 'plain')?.body as { data: Record<string, string> };
  assert.deepEqual(Object.keys(secret.data), ['password']);
  const service = objects.find((o) => o.kind === 'Service' && o.name === 'plain')?.body as {
    spec: { loadBalancerSourceRanges?: string[] };
  };
  assert.deepEqual(service.spec.loadBalancerSourceRanges, ['203.0.113.0/24']);
});

test('with source ranges neither help nor the log warns that notebooks are open to anyone', async () => {
  await sendAndWatch(harness, '/gpu-cluster help').waitFor(/Examples:/);
  assert.doesNotMatch(harness.output(), /reachable from anywhere/);
  assert.doesNotMatch(harness.logs(), /open to every address/);
});
