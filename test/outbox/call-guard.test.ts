import assert from 'node:assert/strict';
import { after, beforeEach, describe, it } from 'node:test';
import type { PlatformCall } from '../../src/chat/port.js';
import { GpubotError, RetryableError } from '../../src/errors.js';
import { createCallGuard } from '../../src/outbox/call-guard.js';
import { DeliveryDeferred } from '../../src/outbox/deferred.js';
import { cleanPrefix, keysWithPrefix, testPrefix, testRedis } from '../support/test-redis.js';

/** The shared gates against a real Redis, on a clock the test moves by hand. */
describe('call guard', () => {
  const redis = testRedis();
  let prefix: string;
  let clock: number;
  let guard: ReturnType<typeof createCallGuard>;
  let calls: string[];
  const used: string[] = [];

  beforeEach(() => {
    prefix = testPrefix();
    used.push(prefix);
    clock = 1_000_000;
    calls = [];
    guard = createCallGuard({ redis, prefix, now: () => clock, outageProbeMaxMs: 3000 });
  });
  after(async () => {
    for (const each of used) await cleanPrefix(redis, each);
    await redis.quit();
  });

  const post = (channel: string): PlatformCall => ({ platform: 'slack', method: 'chat.postMessage', channel });
  const update: PlatformCall = { platform: 'slack', method: 'chat.update' };
  const succeed = (call: PlatformCall, label = call.method) =>
    guard(call, () => {
      calls.push(label);
      return Promise.resolve('ok');
    });
  const failWith = (call: PlatformCall, error: GpubotError, label = call.method) =>
    guard(call, () => {
      calls.push(label);
      return Promise.reject(error);
    });
  const outage = () => new RetryableError('chat.unavailable', 'HTTP 503');
  const deferredFor = async (promise: Promise<unknown>): Promise<number> => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof DeliveryDeferred, `expected a deferral, got ${String(error)}`);
      return error.retryAfterMs ?? -1;
    }
    assert.fail('expected the call to be deferred');
  };

  it('an outage closes the whole platform: no call is made until one probe succeeds', async () => {
    await assert.rejects(failWith(post('C1'), outage()), (e: unknown) => e instanceof RetryableError && e.retryAfterMs === 1000);
    // Closed: neither this method, nor another, nor another channel reaches the platform.
    assert.equal(await deferredFor(succeed(post('C1'))), 1000);
    assert.equal(await deferredFor(succeed(update)), 1000);
    assert.deepEqual(calls, ['chat.postMessage']);

    // The pause is over: exactly one caller probes; the others wait without calling.
    clock += 1000;
    let release!: () => void;
    const probe = guard(post('C1'), () => {
      calls.push('probe');
      return new Promise<string>((resolve) => (release = () => resolve('ok')));
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok((await deferredFor(succeed(update))) <= 250, 'a second caller rechecks soon, without calling');
    release();
    await probe;
    assert.equal(await succeed(update), 'ok', 'after a successful probe everyone goes');
    assert.deepEqual(calls, ['chat.postMessage', 'probe', 'chat.update']);
  });

  it('failed probes back off 1 s, 2 s, then every 3 s; calls in flight do not lengthen the pause', async () => {
    await assert.rejects(failWith(post('C1'), outage()));
    // Another call that was already in flight fails too: the pause stays 1 s.
    await assert.rejects(failWith(update, outage()), (e: unknown) => e instanceof RetryableError && e.retryAfterMs === 1000);
    const pauses: number[] = [];
    for (let probe = 0; probe < 4; probe += 1) {
      clock += 10_000;
      await assert.rejects(failWith(update, outage()), (e: unknown) => {
        pauses.push((e as RetryableError).retryAfterMs ?? -1);
        return true;
      });
    }
    assert.deepEqual(pauses, [2000, 3000, 3000, 3000]);
  });

  it('a rate limit with Retry-After closes only that channel (chat.postMessage is limited per channel)', async () => {
    const limited = new RetryableError('chat.rate_limited', '429', { retryAfterMs: 7000 });
    await assert.rejects(failWith(post('C1'), limited), (e: unknown) => e instanceof RetryableError && e.retryAfterMs === 7000);
    assert.equal(await deferredFor(succeed(post('C1'))), 7000);
    assert.equal(await succeed(post('C2')), 'ok', 'another channel is not affected');
    assert.equal(await succeed(update), 'ok', 'another method is not affected');
    clock += 7000;
    assert.equal(await succeed(post('C1')), 'ok', 'after Retry-After the channel probes and opens');
    assert.equal(await succeed(post('C1')), 'ok');
  });

  it('a rate limit on a method without channel closes the method for the workspace', async () => {
    await assert.rejects(failWith(update, new RetryableError('chat.rate_limited', '429', { retryAfterMs: 2000 })));
    assert.equal(await deferredFor(succeed(update)), 2000);
    assert.equal(await succeed(post('C1')), 'ok');
  });

  it('a refusal that is not retryable still proves the platform is up: the probed gate opens', async () => {
    await assert.rejects(failWith(post('C1'), outage()));
    clock += 1000;
    await assert.rejects(failWith(post('C1'), new GpubotError('chat.not_in_channel', 'not in channel')));
    assert.equal(await succeed(update), 'ok');
  });

  it('paces calls to the declared budget: a burst, then one per interval', async () => {
    const paced: PlatformCall = {
      platform: 'slack',
      method: 'chat.postMessage',
      channel: 'C9',
      pace: { perMinute: 60, burst: 3 },
    };
    for (let i = 0; i < 3; i += 1) assert.equal(await succeed(paced), 'ok');
    assert.equal(await deferredFor(succeed(paced)), 1000);
    clock += 1000;
    assert.equal(await succeed(paced), 'ok');
    assert.equal(await deferredFor(succeed(paced)), 1000);
    assert.equal(calls.length, 4, 'deferred calls never reached the platform');
  });

  it('keeps nothing for long: gates and pacing keys expire', async () => {
    await assert.rejects(failWith(post('C1'), outage()));
    await succeed({ ...update, pace: { perMinute: 50, burst: 10 } }).catch(() => undefined);
    for (const key of await keysWithPrefix(redis, prefix)) {
      const ttl = await redis.pttl(key);
      assert.ok(ttl > 0 && ttl <= 11 * 60_000, `${key} expires (pttl ${ttl})`);
    }
  });
});
