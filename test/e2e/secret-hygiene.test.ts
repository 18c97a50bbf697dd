import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, sendConfirmed } from '../support/console-wait.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { dumpPrefix, testRedis } from '../support/test-redis.js';
import { emulatorEnv } from '../support/emulated-cloud.js';

/**
 * After a full create (and list, status, delete) the node login password gpubot generated, the
 * kubeconfig token ACK returned and the AccessKey secret appear nowhere: not in the logs (debug
 * level), not under the Redis prefix (job data, outbox, progress), not in the chat output.
 * The bot talks to the emulator through a recording proxy, the only place that sees the wire.
 */
function assertAbsent(where: Record<string, string>, secrets: Record<string, string>): void {
  for (const [secretName, secret] of Object.entries(secrets)) {
    assert.ok(secret.length >= 8, `${secretName} was captured`);
    for (const [place, content] of Object.entries(where)) {
      assert.ok(content.length > 0, `${place} is not empty`);
      assert.ok(!content.includes(secret), `${secretName} must not appear in ${place}`);
    }
  }
}

async function everywhere(harness: ConsoleHarness): Promise<Record<string, string>> {
  const redis = testRedis();
  try {
    return { logs: harness.logs(), redis: await dumpPrefix(redis, harness.prefix), console: harness.output() };
  } finally {
    await redis.quit();
  }
}

describe('secrets of a full create → status → delete', () => {
  let emulator: Emulator;
  let proxy: RecordingProxy;
  let harness: ConsoleHarness;
  before(async () => {
    emulator = await startEmulator({ timeScale: 3000 });
    proxy = await startRecordingProxy(emulator.cloud.csEndpoint);
    harness = await startConsoleHarness({
      ...emulatorEnv(emulator, { cs: proxy.url }),
      GPUBOT_POLL_INTERVAL_MS: '50',
    });
  });
  after(async () => {
    await harness.stop();
    await proxy.close();
    await emulator.close();
  });

  test('the node password, the kubeconfig token and the AccessKey secret are never logged, stored or shown', async () => {
    const create = sendAndWatch(harness, '/gpu-cluster create 2 gn5 name=hygiene');
    await create.waitFor(/\[private to alice\] ✅ Your cluster hygiene is ready/);
    const status = sendAndWatch(harness, '/gpu-cluster status hygiene');
    await status.waitFor(/2\/2 workers Ready/);
    const list = sendAndWatch(harness, '/gpu-cluster list');
    await list.waitFor(/hygiene: running/);
    await harness.bot.waitUntilIdle(50);

    const exchanges = proxy.exchanges();
    // The node login password travels in CreateClusterNodePool (the cluster itself is created without workers).
    const poolBody = JSON.parse(
      exchanges.find((e) => e.method === 'POST' && /^\/cn-hangzhou\/clusters\/c\w+\/nodepools$/.test(e.url))?.requestBody ??
        assert.fail('no CreateClusterNodePool'),
    ) as { scaling_group: { login_password: string } };
    const password = poolBody.scaling_group.login_password ?? assert.fail('no login password sent');
    const kubeconfigs = exchanges.filter((e) => e.url.includes('/user_config') && e.status === 200);
    // Kept in the worker's memory (never in Redis): the GPU check and the status share one fetch.
    assert.equal(kubeconfigs.length, 1, 'the worker fetched the kubeconfig once, to verify and to report status');
    const config = parse((JSON.parse(kubeconfigs[0]?.responseBody ?? '{}') as { config: string }).config) as {
      users: { user: { token: string } }[];
    };
    const token = config.users[0]?.user.token ?? assert.fail('no token in the kubeconfig');
    const secrets = {
      'login password': password,
      'kubeconfig token': token,
      'AccessKey secret': emulator.cloud.credentials.accessKeySecret,
    };
    assertAbsent(await everywhere(harness), secrets);

    const remove = await sendConfirmed(harness, '/gpu-cluster delete hygiene');
    await remove.waitFor(/Your cluster hygiene \(c\w+\) and its cloud resources are deleted/);
    await harness.bot.waitUntilIdle(50);
    assertAbsent(await everywhere(harness), secrets);
  });
});

describe('secrets when the AccessKey secret is wrong', () => {
  let emulator: Emulator;
  let harness: ConsoleHarness;
  const wrong = 'not-the-secret-4f1c2e9a7b';
  before(async () => {
    emulator = await startEmulator({ timeScale: 3000 });
    harness = await startConsoleHarness({
      GPUBOT_CLOUD: 'alibaba',
      ALIBABA_CLOUD_ACCESS_KEY_ID: emulator.cloud.credentials.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: wrong,
      GPUBOT_CS_ENDPOINT: emulator.cloud.csEndpoint,
      GPUBOT_ECS_ENDPOINT: emulator.cloud.ecsEndpoint,
      GPUBOT_VPC_ENDPOINT: emulator.cloud.vpcEndpoint,
    });
  });
  after(async () => {
    await harness.stop();
    await emulator.close();
  });

  test('the request is refused with advice for the operator, and neither secret leaks', async () => {
    const create = sendAndWatch(harness, '/gpu-cluster create 1 gn5 name=badkey');
    // Pricing the request (DescribePrice) is its first cloud call: the refusal is the immediate answer.
    await create.waitFor(
      /\[only you\].*\n?.*Alibaba Cloud rejected gpubot's access key \(SignatureDoesNotMatch\)\. The operator must check ALIBABA_CLOUD_ACCESS_KEY_ID\/SECRET\./,
    );
    await harness.bot.waitUntilIdle(50);
    assert.equal(emulator.cloud.clusters().length, 0);
    assertAbsent(await everywhere(harness), { 'wrong secret': wrong, 'real secret': emulator.cloud.credentials.accessKeySecret });
  });
});
