import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startFakeSts, type FakeSts } from '../fakes/alibaba/fake-sts.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { selfSignedCertificate, type TestCertificate } from '../support/self-signed-cert.js';
import { spawnWorker, type WorkerProcess } from '../support/worker-process.js';

/**
 * A worker with no AccessKey at all, as on ACK with RRSA: its pod token is exchanged with STS
 * (a fake on loopback https, through the real @alicloud/credentials) for credentials that live
 * 3 seconds, and the emulated cloud refuses each of them once it has expired. A provisioning
 * takes several times that, so the first credentials expire mid-way: every later call must be
 * signed with renewed ones, and the cluster must still come up, once.
 */
const ROLE = 'acs:ram::1234567890:role/gpubot';
const PROVIDER = 'acs:ram::1234567890:oidc-provider/ack-rrsa-c0ffee';
const LIFETIME_MS = 3000;

let emulator: Emulator;
let bot: ConsoleHarness;
let sts: FakeSts;
let proxy: RecordingProxy;
let certificate: TestCertificate;
let worker: WorkerProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'gpubot-rrsa-e2e-'));
const tokenFile = join(dir, 'token');

before(async () => {
  emulator = await startEmulator({ timeScale: 100 });
  certificate = selfSignedCertificate();
  writeFileSync(tokenFile, 'eyJ-projected-service-account-token');
  sts = await startFakeSts({
    certificate,
    roleArn: ROLE,
    oidcProviderArn: PROVIDER,
    acceptedToken: () => 'eyJ-projected-service-account-token',
    lifetimeMs: () => LIFETIME_MS,
    onIssue: (issued) => emulator.cloud.acceptTemporaryCredentials(issued),
  });
  proxy = await startRecordingProxy(emulator.cloud.csEndpoint);
  bot = await startConsoleHarness({ GPUBOT_ROLE: 'bot' });
});
after(async () => {
  await worker?.stop();
  await bot.stop();
  await proxy.close();
  await sts.close();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The AccessKeyId an ACK (ROA) request was signed with: `Authorization: acs <id>:<signature>`. */
function signedWith(authorization: string | string[] | undefined): string {
  return /^acs ([^:]+):/.exec(String(authorization))?.[1] ?? '(unsigned)';
}

test('STS credentials that expire mid-provisioning are renewed; the cluster comes up once', { timeout: 90_000 }, async () => {
  worker = spawnWorker(emulator, {
    GPUBOT_QUEUE_PREFIX: bot.prefix,
    GPUBOT_SECRET_KEY: 'test-sealing-key',
    GPUBOT_CS_ENDPOINT: `${proxy.url}/{region}`,
    // No AccessKey: the RRSA variables ACK's webhook injects, and the STS to ask.
    ALIBABA_CLOUD_ACCESS_KEY_ID: '',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: '',
    ALIBABA_CLOUD_ROLE_ARN: ROLE,
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
    ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
    GPUBOT_STS_ENDPOINT: sts.endpoint,
    NODE_EXTRA_CA_CERTS: certificate.certFile,
  });
  const started = Date.now();
  const watch = sendAndWatch(bot, '/gpu-cluster create 2 gn5 name=rrsa');
  await watch.waitFor(/\[private to alice\] ✅ Your cluster rrsa is ready/, 60_000);
  assert.equal(emulator.cloud.clusters().filter((c) => c.name === 'rrsa').length, 1, 'one cluster');

  const issued = sts.exchanges.flatMap((exchange) => (exchange.issued ? [exchange.issued] : []));
  const first = issued[0];
  assert.ok(first, 'the worker exchanged its token with STS');
  assert.ok(Date.now() - started > 2 * LIFETIME_MS, 'the provisioning outlived the first credentials');
  const calls = proxy.exchanges().map((exchange) => ({ ...exchange, key: signedWith(exchange.requestHeaders.authorization) }));
  const own = emulator.cloud.credentials.accessKeyId;
  assert.ok(calls.length > 5, `ACK calls made: ${calls.length}`);
  assert.deepEqual(
    calls.filter((call) => !issued.some((credentials) => credentials.accessKeyId === call.key)).map((call) => call.key),
    [],
    `every ACK call is signed with STS credentials, never with a long-lived key (${own})`,
  );
  const afterFirstExpired = calls.filter((call) => call.at > first.expiresAt && call.status === 200);
  assert.ok(afterFirstExpired.length > 0, 'calls succeeded after the first credentials had expired');
  assert.ok(
    afterFirstExpired.every((call) => call.key !== first.accessKeyId),
    'none of them used the expired credentials',
  );
  assert.ok(new Set(calls.map((call) => call.key)).size >= 2, 'signed with renewed credentials');
});
