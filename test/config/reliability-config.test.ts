import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { DEFAULT_RETENTION } from '../../src/queue/retention.js';

const slack = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'signing' };

test('Redis persistence is verified unless told otherwise; a wrong value says which are right', () => {
  assert.equal(loadConfig({}).redisPersistence, 'verify');
  assert.equal(loadConfig({ GPUBOT_REDIS_PERSISTENCE: 'managed' }).redisPersistence, 'managed');
  assert.throws(
    () => loadConfig({ GPUBOT_REDIS_PERSISTENCE: 'off' }),
    (error: unknown) =>
      error instanceof ConfigError && /GPUBOT_REDIS_PERSISTENCE/.test(error.message) && /verify/.test(error.message),
  );
});

test('retention is hours (decimals allowed), a day for finished work and a week for failures by default', () => {
  assert.deepEqual(loadConfig({}).retention, DEFAULT_RETENTION);
  assert.deepEqual(loadConfig({ GPUBOT_RETENTION_HOURS: '6', GPUBOT_FAILED_RETENTION_HOURS: '0.5' }).retention, {
    completedMs: 6 * 3600_000,
    failedMs: 1800_000,
  });
  assert.throws(() => loadConfig({ GPUBOT_RETENTION_HOURS: '0' }), /GPUBOT_RETENTION_HOURS/);
});

test('Slack HTTP mode listens on loopback unless HOST says otherwise (the Docker image sets 0.0.0.0)', () => {
  assert.equal(loadConfig(slack).slack?.host, '127.0.0.1');
  assert.equal(loadConfig({ ...slack, HOST: '0.0.0.0' }).slack?.host, '0.0.0.0');
  assert.equal(loadConfig({ ...slack, HOST: '::' }).slack?.host, '::');
});
