import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, redactConfig } from '../../src/config/config.js';
import { hashTagOf } from '../../src/config/redis-config.js';
import { clusterOptions, redisOptions } from '../../src/queue/redis-connection.js';

describe('Redis configuration', () => {
  it('reads REDIS_URL into host, port, database, credentials and TLS', () => {
    assert.deepEqual(loadConfig({ REDIS_URL: 'rediss://app:p%40ss@redis.internal:6380/3' }).redis, {
      mode: 'single',
      host: 'redis.internal',
      port: 6380,
      db: 3,
      username: 'app',
      password: 'p@ss',
      tls: true,
    });
    assert.deepEqual(loadConfig({ REDIS_URL: 'redis://10.0.0.5' }).redis, {
      mode: 'single',
      host: '10.0.0.5',
      port: 6379,
      db: 0,
      tls: false,
    });
    assert.equal(loadConfig({}).redis, undefined, 'nothing set: the private redis-server');
  });

  it('reads a Sentinel and a Cluster setting', () => {
    assert.deepEqual(
      loadConfig({
        GPUBOT_REDIS_SENTINELS: '10.0.0.1:26379, [fd00::2]:26379',
        GPUBOT_REDIS_SENTINEL_NAME: 'mymaster',
        GPUBOT_REDIS_SENTINEL_PASSWORD: 's3',
        GPUBOT_REDIS_PASSWORD: 'm3',
      }).redis,
      {
        mode: 'sentinel',
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: 'fd00::2', port: 26379 },
        ],
        masterName: 'mymaster',
        sentinelPassword: 's3',
        password: 'm3',
        tls: false,
      },
    );
    assert.deepEqual(loadConfig({ GPUBOT_REDIS_CLUSTER_NODES: 'a.redis:7000,b.redis:7001', GPUBOT_REDIS_TLS: 'true' }).redis, {
      mode: 'cluster',
      nodes: [
        { host: 'a.redis', port: 7000 },
        { host: 'b.redis', port: 7001 },
      ],
      tls: true,
    });
  });

  it('refuses combinations that cannot be meant, saying what to set instead', () => {
    const refusals: [Record<string, string>, RegExp][] = [
      [
        { REDIS_URL: 'redis://a:6379', GPUBOT_REDIS_CLUSTER_NODES: 'b:7000' },
        /REDIS_URL and GPUBOT_REDIS_CLUSTER_NODES are set together: set exactly one/,
      ],
      [
        { GPUBOT_REDIS_SENTINELS: 'a:26379', GPUBOT_REDIS_CLUSTER_NODES: 'b:7000' },
        /GPUBOT_REDIS_SENTINELS and GPUBOT_REDIS_CLUSTER_NODES/,
      ],
      [
        { GPUBOT_REDIS_SENTINELS: 'a:26379' },
        /GPUBOT_REDIS_SENTINEL_NAME is required with GPUBOT_REDIS_SENTINELS.*\(e\.g\. mymaster\)/,
      ],
      [{ GPUBOT_REDIS_SENTINEL_NAME: 'mymaster' }, /GPUBOT_REDIS_SENTINEL_NAME need GPUBOT_REDIS_SENTINELS/],
      [{ REDIS_URL: 'redis://a:6379', GPUBOT_REDIS_PASSWORD: 'x' }, /GPUBOT_REDIS_PASSWORD apply to .*put them in the URL/],
      [
        { GPUBOT_REDIS_CLUSTER_NODES: 'a:7000,b' },
        /GPUBOT_REDIS_CLUSTER_NODES: "b" is not host:port; write e\.g\. 10\.0\.0\.5:6379/,
      ],
      [{ GPUBOT_REDIS_SENTINELS: 'a:99999', GPUBOT_REDIS_SENTINEL_NAME: 'm' }, /"a:99999" is not host:port/],
      [{ GPUBOT_REDIS_TLS: 'true' }, /GPUBOT_REDIS_TLS=true needs a Redis/],
      [{ GPUBOT_QUEUE_PREFIX: 'app{}x' }, /GPUBOT_QUEUE_PREFIX: braces mark a Redis Cluster hash tag/],
    ];
    for (const [env, message] of refusals) assert.throws(() => loadConfig(env), message, JSON.stringify(env));
  });

  it('explains a bad REDIS_URL without repeating it (it may hold a password)', () => {
    for (const url of ['http://user:hunter22@host:6379', 'redis://user:hunter22@host/zero', 'not a url hunter22']) {
      assert.throws(
        () => loadConfig({ REDIS_URL: url }),
        (error: Error) => /REDIS_URL must look like redis:\/\//.test(error.message) && !error.message.includes('hunter22'),
      );
    }
  });

  it('keeps passwords out of the printed configuration', () => {
    const printed = redactConfig(
      loadConfig({
        GPUBOT_REDIS_SENTINELS: 'a:26379',
        GPUBOT_REDIS_SENTINEL_NAME: 'mymaster',
        GPUBOT_REDIS_SENTINEL_PASSWORD: 'sentinel-hunter22',
        GPUBOT_REDIS_PASSWORD: 'master-hunter22',
      }),
    );
    assert.doesNotMatch(printed, /hunter22/);
    assert.doesNotMatch(redactConfig(loadConfig({ REDIS_URL: 'redis://:url-hunter22@a:6379' })), /hunter22/);
  });

  it('puts a hash tag in the key prefix so every key lands on one Cluster slot', () => {
    assert.equal(loadConfig({}).queuePrefix, '{gpubot}');
    assert.equal(loadConfig({ GPUBOT_QUEUE_PREFIX: 'team-a:gpubot' }).queuePrefix, '{team-a:gpubot}');
    assert.equal(loadConfig({ GPUBOT_QUEUE_PREFIX: 'team-a:{gpubot}' }).queuePrefix, 'team-a:{gpubot}');
    assert.equal(hashTagOf('{gpubot}:commands:wait'), 'gpubot');
    assert.equal(hashTagOf('a{}{b}'), undefined, "Redis's rule: the first braces, and only when not empty");
  });
});

describe('Redis connection options', () => {
  it('waits for Redis on every kind of connection (BullMQ workers need maxRetriesPerRequest: null)', () => {
    const single = redisOptions({ mode: 'single', host: 'h', port: 1, db: 2, password: 'p', tls: true });
    assert.equal(single.maxRetriesPerRequest, null);
    assert.deepEqual(single.tls, {});
    const sentinel = redisOptions({
      mode: 'sentinel',
      sentinels: [{ host: 's', port: 26379 }],
      masterName: 'm',
      sentinelPassword: 'sp',
      password: 'p',
      tls: true,
    });
    assert.equal(sentinel.maxRetriesPerRequest, null);
    assert.equal(sentinel.name, 'm');
    assert.equal(sentinel.sentinelPassword, 'sp');
    assert.equal(sentinel.enableTLSForSentinelMode, true);
    const cluster = clusterOptions({
      mode: 'cluster',
      nodes: [{ host: 'c', port: 7000 }],
      username: 'u',
      password: 'p',
      tls: false,
    });
    assert.equal(cluster.redisOptions?.maxRetriesPerRequest, null);
    assert.equal(cluster.redisOptions?.password, 'p');
    assert.equal(cluster.redisOptions?.username, 'u');
  });
});
