import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, test } from 'node:test';
import { describeConfig, loadConfig } from '../../src/config/config.js';
import { isSecretField, withoutPassword } from '../../src/config/describe-config.js';
import { cleanPrefix, testPrefix, testRedis, TEST_REDIS_PERSISTENCE, TEST_REDIS_URL } from '../support/test-redis.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'gpubot-effective-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SECRETS = {
  slackBot: 'xoxb-visible-nowhere-1',
  slackSigning: 'signing-visible-nowhere-2',
  slackApp: 'xapp-visible-nowhere-3',
  akSecret: 'ak-secret-visible-nowhere-4',
  stsToken: 'sts-token-visible-nowhere-5',
  sealing: 'sealing-visible-nowhere-6',
  redisPassword: 'redis-pw-visible-nowhere-7',
};

function slackEnv(): NodeJS.ProcessEnv {
  const tokenFile = join(dir, 'bot-token');
  writeFileSync(tokenFile, `${SECRETS.slackBot}\n`);
  return {
    GPUBOT_CHAT: 'slack',
    SLACK_BOT_TOKEN_FILE: tokenFile,
    SLACK_SIGNING_SECRET: SECRETS.slackSigning,
    SLACK_APP_TOKEN: SECRETS.slackApp,
    ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.visible-key-id',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRETS.akSecret,
    ALIBABA_CLOUD_SECURITY_TOKEN: SECRETS.stsToken,
    GPUBOT_SECRET_KEY: SECRETS.sealing,
    REDIS_URL: `redis://gpubot:${SECRETS.redisPassword}@redis.gpubot.svc:6379/3`,
    GPUBOT_NOTEBOOK_NAMESPACE: 'visible-notebooks',
  };
}

function assertNoSecret(printed: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) assert.ok(!printed.includes(secret), `${name} leaked:\n${printed}`);
}

test('the description hides every secret and shows everything else', () => {
  const described = describeConfig(loadConfig(slackEnv()));
  const printed = JSON.stringify(described);
  assertNoSecret(printed);
  assert.deepEqual(described.redis, {
    mode: 'single',
    host: 'redis.gpubot.svc',
    port: 6379,
    db: 3,
    username: 'gpubot',
    password: '[redacted]',
    tls: false,
  });
  assert.deepEqual((described.slack as Record<string, unknown>).botToken, '[redacted]');
  const cloud = described.cloud as { credentials: Record<string, unknown>; mode: string };
  assert.equal(cloud.mode, 'alibaba');
  assert.deepEqual(cloud.credentials, {
    source: 'access-key',
    accessKeyId: 'STS.visible-key-id',
    accessKeySecret: '[redacted]',
    securityToken: '[redacted]',
  });
  assert.match(printed, /visible-notebooks/);
});

test('which names are secrets: paths, ARNs and ids of secrets are not', () => {
  for (const name of [
    'botToken',
    'signingSecret',
    'appToken',
    'clientSecret',
    'secretKey',
    'accessKeySecret',
    'securityToken',
    'password',
  ])
    assert.ok(isSecretField(name), name);
  for (const name of ['accessKeyId', 'oidcTokenFile', 'roleArn', 'oidcProviderArn', 'clientId', 'stsEndpoint', 'source'])
    assert.ok(!isSecretField(name), name);
  assert.equal(withoutPassword('rediss://:p%40ss@r:6380/0'), 'rediss://:[redacted]@r:6380/0');
  assert.equal(withoutPassword('redis://r:6379'), 'redis://r:6379');
});

test('--print-config prints the effective configuration and exits', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', '--print-config'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...slackEnv() },
  });
  assertNoSecret(stdout);
  const printed = JSON.parse(stdout) as { chat: string; redis: { host: string; password: string }; role: string };
  assert.equal(printed.chat, 'slack');
  assert.equal(printed.role, 'all');
  assert.equal(printed.redis.host, 'redis.gpubot.svc');
  assert.equal(printed.redis.password, '[redacted]');
});

test('the effective configuration is logged once at start, secrets redacted', { timeout: 60_000 }, async () => {
  const prefix = testPrefix();
  const url = new URL(TEST_REDIS_URL);
  // A password the test Redis does not require: ioredis warns and carries on.
  url.username = '';
  url.password = SECRETS.redisPassword;
  try {
    const started = run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'info',
        REDIS_URL: url.toString(),
        ...TEST_REDIS_PERSISTENCE,
        GPUBOT_QUEUE_PREFIX: prefix,
        GPUBOT_STATE_DIR: dir,
        GPUBOT_SECRET_KEY: SECRETS.sealing,
        GPUBOT_EMULATOR_TIME_SCALE: '3000',
      },
      timeout: 50_000,
    });
    // An empty script on stdin: the console demo starts, finds nothing to do and exits.
    started.child.stdin?.end();
    const { stderr } = await started;
    assertNoSecret(stderr);
    const starts = stderr
      .split('\n')
      .filter((line) => line.includes('"starting gpubot"'))
      .map(
        (line) => JSON.parse(line) as { settings: { redis: Record<string, unknown>; secretKey: string; queuePrefix: string } },
      );
    assert.equal(starts.length, 1, stderr);
    assert.equal(starts[0]?.settings.queuePrefix, prefix);
    assert.equal(starts[0]?.settings.secretKey, '[redacted]');
    assert.deepEqual(starts[0]?.settings.redis, {
      mode: 'single',
      host: '127.0.0.1',
      port: 6379,
      db: 15,
      password: '[redacted]',
      tls: false,
    });
  } finally {
    const redis = testRedis();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  }
});
