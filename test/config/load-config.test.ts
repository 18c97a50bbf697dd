import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const dir = mkdtempSync(join(tmpdir(), 'gpubot-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function secretFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
}

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

describe('<NAME>_FILE', () => {
  test('reads a setting from a file, without the trailing newline', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN_FILE: secretFile('bot-token', 'xoxb-from-file\n'),
      SLACK_SIGNING_SECRET_FILE: secretFile('signing', 'signing-from-file'),
      REDIS_URL_FILE: secretFile('redis-url', 'redis://:pw@redis:6379/1\r\n'),
      GPUBOT_SECRET_KEY_FILE: secretFile('sealing', 'sealing-key\n'),
    });
    assert.equal(config.slack?.botToken, 'xoxb-from-file');
    assert.equal(config.slack?.signingSecret, 'signing-from-file');
    assert.deepEqual(config.redis, { mode: 'single', host: 'redis', port: 6379, db: 1, password: 'pw', tls: false });
    assert.equal(config.secretKey, 'sealing-key');
  });

  test('works for the cloud credentials too', () => {
    const config = loadConfig({
      ALIBABA_CLOUD_ACCESS_KEY_ID_FILE: secretFile('ak-id', 'LTAIfromfile\n'),
      ALIBABA_CLOUD_ACCESS_KEY_SECRET_FILE: secretFile('ak-secret', 'secret-from-file\n'),
    });
    assert.deepEqual(config.cloud.credentials, {
      source: 'access-key',
      accessKeyId: 'LTAIfromfile',
      accessKeySecret: 'secret-from-file',
    });
    assert.equal(config.cloud.mode, 'alibaba');
  });

  test('refuses both <NAME> and <NAME>_FILE', () => {
    const message = configError({ SLACK_BOT_TOKEN: 'xoxb-a', SLACK_BOT_TOKEN_FILE: secretFile('t', 'xoxb-b') });
    assert.match(message, /SLACK_BOT_TOKEN and SLACK_BOT_TOKEN_FILE are both set/);
  });

  test('says which file could not be read, and never what was in another', () => {
    const message = configError({
      DINGTALK_CLIENT_ID: 'ding-app',
      DINGTALK_CLIENT_SECRET_FILE: join(dir, 'missing'),
    });
    assert.match(message, /DINGTALK_CLIENT_SECRET_FILE=.*missing: cannot read the file \(ENOENT\)/);
  });
});

describe('cloud credentials', () => {
  test('none configured: the built-in emulator', () => {
    const config = loadConfig({});
    assert.equal(config.cloud.mode, 'simulated');
    assert.equal(config.cloud.credentials, undefined);
  });

  test('an STS AccessKey with its token', () => {
    const config = loadConfig({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'STS.abc',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'sts-secret',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'sts-token',
    });
    assert.deepEqual(config.cloud.credentials, {
      source: 'access-key',
      accessKeyId: 'STS.abc',
      accessKeySecret: 'sts-secret',
      securityToken: 'sts-token',
    });
  });

  test('RRSA: the three variables ACK injects, STS endpoint from the region or the override', () => {
    const rrsa = {
      ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234:role/gpubot',
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: 'acs:ram::1234:oidc-provider/ack-rrsa-c123',
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: '/var/run/secrets/ack.alibabacloud.com/rrsa-tokens/token',
    };
    const config = loadConfig({ ...rrsa, ALIBABA_CLOUD_STS_REGION: 'cn-beijing', ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' });
    assert.equal(config.cloud.mode, 'alibaba');
    assert.deepEqual(config.cloud.credentials, {
      source: 'oidc-role-arn',
      roleArn: rrsa.ALIBABA_CLOUD_ROLE_ARN,
      oidcProviderArn: rrsa.ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
      oidcTokenFile: rrsa.ALIBABA_CLOUD_OIDC_TOKEN_FILE,
      roleSessionName: 'gpubot',
      stsEndpoint: 'sts-vpc.cn-beijing.aliyuncs.com',
    });
    const direct = loadConfig({ ...rrsa, GPUBOT_STS_ENDPOINT: 'https://127.0.0.1:8443' }).cloud.credentials;
    assert.equal(direct?.source === 'oidc-role-arn' && direct.stsEndpoint, '127.0.0.1:8443');
    assert.equal(
      (loadConfig(rrsa).cloud.credentials as { stsEndpoint: string }).stsEndpoint,
      'sts.aliyuncs.com',
      "the library's default",
    );
  });

  test('RRSA half configured names what is missing; STS over http is refused', () => {
    assert.match(
      configError({ ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1:role/x' }),
      /ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are missing/,
    );
    assert.match(configError({ GPUBOT_STS_ENDPOINT: 'http://127.0.0.1:8080' }), /https only[\s\S]*GPUBOT_STS_ENDPOINT/);
  });

  test('an AccessKey id without its secret is refused', () => {
    assert.match(configError({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIx' }), /ALIBABA_CLOUD_ACCESS_KEY_SECRET is missing/);
    assert.match(configError({ ALIBABA_CLOUD_SECURITY_TOKEN: 'tok' }), /without ALIBABA_CLOUD_ACCESS_KEY_ID/);
  });

  test("the ECS instance's RAM role: named, or asked from the metadata service when GPUBOT_CLOUD=alibaba", () => {
    assert.deepEqual(loadConfig({ ALIBABA_CLOUD_ECS_METADATA: 'GpubotRole' }).cloud.credentials, {
      source: 'ecs-ram-role',
      roleName: 'GpubotRole',
      imdsV1Disabled: false,
    });
    assert.deepEqual(loadConfig({ GPUBOT_CLOUD: 'alibaba', ALIBABA_CLOUD_IMDSV1_DISABLED: 'true' }).cloud.credentials, {
      source: 'ecs-ram-role',
      imdsV1Disabled: true,
    });
  });

  test('GPUBOT_CLOUD=simulated keeps the emulator even with credentials set', () => {
    const config = loadConfig({
      GPUBOT_CLOUD: 'simulated',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'a',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b',
    });
    assert.equal(config.cloud.mode, 'simulated');
    assert.equal(config.cloud.credentials, undefined);
  });
});

test('metrics listen on loopback unless told otherwise; the shutdown grace is in seconds', () => {
  assert.equal(loadConfig({}).metricsHost, '127.0.0.1');
  assert.equal(loadConfig({ GPUBOT_METRICS_HOST: '0.0.0.0' }).metricsHost, '0.0.0.0');
  assert.equal(loadConfig({}).shutdownGraceMs, 25_000);
  assert.equal(loadConfig({ GPUBOT_SHUTDOWN_GRACE_SECONDS: '50' }).shutdownGraceMs, 50_000);
});

test('lifecycle time: the emulator scale in simulated mode; compressed against Alibaba Cloud only for an emulator', () => {
  const keys = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'a', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b' };
  assert.equal(loadConfig({ GPUBOT_EMULATOR_TIME_SCALE: '300' }).lifecycle.timeScale, 300);
  assert.equal(loadConfig(keys).lifecycle.timeScale, 1);
  const emulator = {
    ...keys,
    GPUBOT_CS_ENDPOINT: 'http://127.0.0.1:4001/{region}',
    GPUBOT_ECS_ENDPOINT: 'http://127.0.0.1:4002/{region}',
    GPUBOT_VPC_ENDPOINT: 'http://127.0.0.1:4003/{region}',
  };
  assert.equal(loadConfig({ ...emulator, GPUBOT_LIFECYCLE_TIME_SCALE: '600' }).lifecycle.timeScale, 600);
  // One endpoint left at Alibaba Cloud's own is enough to refuse: real clusters would expire early.
  const partly = { ...emulator, GPUBOT_ECS_ENDPOINT: 'https://ecs.{region}.aliyuncs.com' };
  assert.match(
    configError({ ...partly, GPUBOT_LIFECYCLE_TIME_SCALE: '600' }),
    /for an emulator only.*ecs\.\{region\}\.aliyuncs\.com/,
  );
  assert.match(configError({ ...keys, GPUBOT_LIFECYCLE_TIME_SCALE: '2' }), /GPUBOT_LIFECYCLE_TIME_SCALE=2/);
  assert.equal(loadConfig({ ...keys, GPUBOT_LIFECYCLE_TIME_SCALE: '1' }).lifecycle.timeScale, 1);
});
