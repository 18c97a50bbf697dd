import type { RedisClient } from '../queue/redis-connection.js';
import type { CallGuard, PlatformCall } from '../chat/port.js';
import { GpubotError, RetryableError } from '../errors.js';
import { DeliveryDeferred } from './deferred.js';
import { CLOSE_GATE, ENTER_GATES } from './gate-scripts.js';
import { runScript } from '../redis/run-script.js';

export interface CallGuardOptions {
  readonly redis: RedisClient;
  readonly prefix: string;
  /** During an outage, the longest pause between two probes (the first pause is 1 s, then doubling). */
  readonly outageProbeMaxMs?: number;
  readonly now?: () => number;
}

/** Outage probes: 1 s, 2 s, then every outageProbeMaxMs (3 s). Throttling without Retry-After: 2 s … 60 s. */
const OUTAGE_BASE_MS = 1000;
const THROTTLE_BASE_MS = 2000;
const THROTTLE_MAX_MS = 60_000;
/** A probe whose process died mid-call frees the gate after this (longer than any call's timeout). */
const PROBE_LEASE_MS = 20_000;
/** How soon a caller that found a probe in flight looks again (Redis only, never the platform). */
const RECHECK_MS = 250;
/** A closed gate is forgotten this long after it reopens, so failures stop counting. */
const KEEP_MS = 10 * 60_000;

/** Codes that mean "this platform is down" rather than "this method or conversation is busy". */
const OUTAGE_CODES = new Set(['chat.unavailable', 'chat.network']);

/**
 * The outbox's CallGuard: per platform, per method and per conversation, Retry-After and outage
 * state live in Redis and are shared by every bot process. While a gate is closed no call is made
 * (the delivery is parked, not failed); when it reopens one caller probes, and only its success
 * lets the others through. Calls are paced to the budgets the adapters declare.
 */
export function createCallGuard(options: CallGuardOptions): CallGuard {
  const { redis, prefix } = options;
  const now = options.now ?? Date.now;
  const outageMaxMs = options.outageProbeMaxMs ?? 3000;
  const base = `${prefix}:chat-gate`;

  function gatesOf(call: PlatformCall): string[] {
    const platform = `${base}:${call.platform}`;
    const method = `${platform}:${call.method}`;
    return call.channel === undefined ? [platform, method] : [platform, method, `${method}:${call.channel}`];
  }

  function paceKey(call: PlatformCall): string {
    const key = `${prefix}:chat-pace:${call.platform}:${call.method}`;
    return call.channel === undefined ? key : `${key}:${call.channel}`;
  }

  async function enter(call: PlatformCall): Promise<string[]> {
    const gates = gatesOf(call);
    const pace = call.pace;
    const keys = pace ? [...gates, paceKey(call)] : gates;
    const args = [now(), gates.length, PROBE_LEASE_MS, RECHECK_MS];
    if (pace) args.push(Math.ceil(60_000 / pace.perMinute), Math.max(1, pace.burst));
    const answer = (await runScript(redis, ENTER_GATES, keys, args)) as number[];
    if (answer[0] === 0) {
      throw new DeliveryDeferred(`${call.platform} ${call.method} is paused (rate limit or outage)`, Number(answer[1]));
    }
    return answer.slice(1).map((index) => gates[index - 1] as string);
  }

  async function close(gate: string, retryAfterMs: number | undefined, baseMs: number, maxMs: number): Promise<number> {
    return Number(await runScript(redis, CLOSE_GATE, [gate], [now(), retryAfterMs ?? -1, baseMs, maxMs, KEEP_MS]));
  }

  /** Closes the gate this failure speaks for; returns it and how long it stays closed. */
  async function closeFor(call: PlatformCall, error: GpubotError): Promise<{ gate: string; waitMs: number }> {
    const [platform, method, channel] = gatesOf(call) as [string, string, string | undefined];
    if (OUTAGE_CODES.has(error.code)) {
      return { gate: platform, waitMs: await close(platform, error.retryAfterMs, OUTAGE_BASE_MS, outageMaxMs) };
    }
    const gate = channel ?? method;
    return { gate, waitMs: await close(gate, error.retryAfterMs, THROTTLE_BASE_MS, THROTTLE_MAX_MS) };
  }

  return async function guard<T>(call: PlatformCall, run: () => Promise<T>): Promise<T> {
    const probing = await enter(call);
    // Probe leases are always given back; a gate the platform answered through is opened for everyone.
    const settle = async (reopen: readonly string[]) => {
      const keys = [...probing.map((gate) => `${gate}:probe`), ...reopen];
      if (keys.length > 0) await redis.del(...keys);
    };
    let result: T;
    try {
      result = await run();
    } catch (error) {
      if (error instanceof GpubotError && error.retryable && !(error instanceof DeliveryDeferred)) {
        const closed = await closeFor(call, error);
        await settle(OUTAGE_CODES.has(error.code) ? [] : probing.filter((gate) => gate !== closed.gate));
        throw new RetryableError(error.code, error.message, { retryAfterMs: closed.waitMs, cause: error });
      }
      await settle(probing);
      throw error;
    }
    await settle(probing);
    return result;
  };
}
