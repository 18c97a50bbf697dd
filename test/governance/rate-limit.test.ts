import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Redis } from 'ioredis';
import { createRateLimiter } from '../../src/governance/rate-limit.js';
import { cleanPrefix, testPrefix, testRedis } from '../support/test-redis.js';

let redis: Redis;
const prefix = testPrefix();
before(() => {
  redis = testRedis();
});
after(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

test('a burst of parallel commands: exactly the bucket is allowed, one refusal is told, the rest are silent', async () => {
  const limiter = createRateLimiter(redis, prefix, 20);
  const verdicts = await Promise.all(Array.from({ length: 200 }, () => limiter.take('slack:U0FLOOD01')));
  const count = (verdict: string) => verdicts.filter((v) => v.verdict === verdict).length;
  assert.equal(count('allowed'), 20);
  assert.equal(count('refused'), 1, 'one message per flood');
  assert.equal(count('silent'), 179);
  const refused = verdicts.find((v) => v.verdict === 'refused');
  assert.ok(refused && refused.verdict === 'refused' && refused.retryAfterMs > 0 && refused.retryAfterMs <= 3000);
});

test('people have separate buckets', async () => {
  const limiter = createRateLimiter(redis, prefix, 2);
  const alice = await Promise.all([1, 2, 3].map(() => limiter.take('dingtalk:alice')));
  const bob = await limiter.take('dingtalk:bob');
  assert.deepEqual(
    alice.map((v) => v.verdict),
    ['allowed', 'allowed', 'refused'],
  );
  assert.equal(bob.verdict, 'allowed');
});

test('tokens come back with time, and a new flood is told again', async () => {
  // 600 a minute: one token every 100 ms.
  const limiter = createRateLimiter(redis, prefix, 600);
  const who = 'console:refill';
  while ((await limiter.take(who)).verdict === 'allowed');
  assert.equal((await limiter.take(who)).verdict, 'silent');
  await new Promise((resolve) => setTimeout(resolve, 250));
  assert.equal((await limiter.take(who)).verdict, 'allowed');
  while ((await limiter.take(who)).verdict === 'allowed');
  // The loop above ended on the first refusal of the new flood, which was told ('refused').
  assert.equal((await limiter.take(who)).verdict, 'silent');
  const ttl = await redis.pttl(`${prefix}:ratelimit:${who}`);
  assert.ok(ttl > 0, 'buckets expire on their own');
});
