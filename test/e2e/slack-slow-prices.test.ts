import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { emulatorEnv } from '../support/emulated-cloud.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';

/**
 * Quoting a create needs DescribePrice, and Slack wants its ack within 3 s. A price that is slow
 * to come gets a clear "try again in a minute" within the ack and nothing is created; the lookup
 * finishes in the background, so the next request is quoted from the cache at once.
 */
let emulator: Emulator;
let proxy: RecordingProxy;
let h: SlackHarness;
let slow = true;
before(async () => {
  emulator = await startEmulator({ timeScale: 3000 });
  proxy = await startRecordingProxy(emulator.cloud.ecsEndpoint, {
    delayAnswerMs: (_method, _url, body) => (slow && body.includes('Action=DescribePrice') ? 2500 : 0),
  });
  h = await startSlackHarness({ env: { ...emulatorEnv(emulator, { ecs: proxy.url }), GPUBOT_PRICE_LOOKUP_MS: '800' } });
});
after(async () => {
  await h.stop();
  await proxy.close();
  await emulator.close();
});

test('a slow DescribePrice: a clear answer within the ack, nothing queued; the next request is quoted from the cache', async () => {
  const jobs = await h.commandJobs();
  const first = await h.slash('/gpu-cluster', 'create 1 gn6i name=slowprice');
  assert.ok(first.elapsedMs < 3000, `ack took ${first.elapsedMs} ms`);
  const text = String(first.json<{ text: string }>().text);
  assert.match(
    text,
    /could not get the price of ecs\.gn6i-c4g1\.xlarge in cn-hangzhou from Alibaba Cloud within 0\.8 s, so nothing was done/,
  );
  assert.equal(await h.commandJobs(), jobs, 'nothing queued');

  // The lookup went on and filled the cache; a retry needs no second DescribePrice.
  await new Promise((resolve) => setTimeout(resolve, 2500));
  slow = false;
  const second = await h.slash('/gpu-cluster', 'create 1 gn6i name=slowprice');
  assert.match(String(second.json<{ text: string }>().text), /Queued: GPU cluster slowprice[^]*≈ ¥\d+\.\d\d\/hour/);
  assert.equal(emulator.cloud.calls().DescribePrice, 1);
  assert.equal(proxy.exchanges().filter((e) => e.requestBody.includes('Action=DescribePrice')).length, 1);
});
