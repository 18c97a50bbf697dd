import type { InstancePrice } from '../cloud/port.js';
import type { ClusterScale, Command } from '../commands/types.js';
import type { PriceTable } from '../config/pricing-config.js';
import { GpubotError } from '../errors.js';
import { text, type Text } from '../i18n/text.js';
import type { Logger } from '../log.js';
import type { RedisClient } from '../queue/redis-connection.js';
import { roundPrice, type PriceQuote } from './price-quote.js';

export type PriceLookup = (regionId: string, instanceType: string) => Promise<InstancePrice>;

export type QuoteOutcome = { readonly ok: true; readonly quote: PriceQuote } | { readonly ok: false; readonly reason: Text };

/** Prices the commands that cost money (creates, notebook starts); undefined for the rest. */
export type Quoter = (command: Command) => Promise<QuoteOutcome | undefined>;

export interface QuoterDeps {
  readonly lookup: PriceLookup;
  readonly table: PriceTable;
  readonly redis: RedisClient;
  readonly prefix: string;
  /** How long an answer is reused. */
  readonly cacheMs: number;
  /** How long a request waits for a price not in the cache (the platform's ack deadline is near). */
  readonly timeoutMs: number;
  readonly log: Logger;
  /** The currency of the price table when no lookup was needed (notebooks); the account's. */
  readonly currency?: string;
}

const TIMED_OUT = Symbol('timed out');

/**
 * Quotes at request time. Instance prices come from the cloud (DescribePrice) through a Redis
 * cache shared by every bot replica, one lookup per region and type at a time in this process; a
 * lookup that takes longer than `timeoutMs` is answered "no price" but keeps running, so the cache
 * is warm when the person asks again. Failures are not cached.
 */
export function createQuoter(deps: QuoterDeps): Quoter {
  const inflight = new Map<string, Promise<InstancePrice>>();
  const cacheKey = (region: string, type: string) => `${deps.prefix}:price:${region}:${type}`;

  async function instancePrice(region: string, type: string): Promise<InstancePrice> {
    const key = cacheKey(region, type);
    const cached = await deps.redis.get(key);
    if (cached) return JSON.parse(cached) as InstancePrice;
    let pending = inflight.get(key);
    if (!pending) {
      pending = deps
        .lookup(region, type)
        .then(async (price) => {
          await deps.redis.set(key, JSON.stringify(price), 'PX', deps.cacheMs);
          return price;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  }

  async function bounded(region: string, type: string): Promise<InstancePrice | typeof TIMED_OUT> {
    let timer: NodeJS.Timeout | undefined;
    const lookup = instancePrice(region, type);
    // A late answer still fills the cache; its failure is logged, not thrown at nobody.
    lookup.catch((error: unknown) =>
      deps.log.warn({ err: error instanceof Error ? error.message : String(error), region, type }, 'price lookup failed'),
    );
    try {
      return await Promise.race([
        lookup,
        new Promise<typeof TIMED_OUT>((resolve) => {
          timer = setTimeout(() => resolve(TIMED_OUT), deps.timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  const { table } = deps;
  const clusterPerHour = table.clusterFee + table.natGateway + table.eip + table.apiServerLb;

  /** A scale: the cluster's price at its new size, and the difference the change makes. */
  async function quoteScale(command: ClusterScale): Promise<QuoteOutcome | undefined> {
    const target = command.target;
    if (!target) return undefined;
    const reason = (why: string) =>
      text('spend.price.unavailable', {
        instanceType: target.instanceType,
        region: target.regionId,
        why,
        seconds: deps.timeoutMs / 1000,
      });
    let price: InstancePrice | typeof TIMED_OUT;
    try {
      price = await bounded(target.regionId, target.instanceType);
    } catch (error) {
      if (error instanceof GpubotError && error.userMessage) return { ok: false, reason: error.userMessage };
      return { ok: false, reason: reason('error') };
    }
    if (price === TIMED_OUT) return { ok: false, reason: reason('timeout') };
    const workers = roundPrice(price.perHour * command.count);
    const cluster = roundPrice(clusterPerHour);
    const increase = roundPrice(price.perHour * (command.count - target.from));
    return { ok: true, quote: { perHour: roundPrice(workers + cluster), workers, cluster, currency: price.currency, increase } };
  }

  return async (command) => {
    if (command.kind === 'notebook.start') {
      const lb = roundPrice(table.notebookLb);
      return { ok: true, quote: { perHour: lb, workers: 0, cluster: lb, currency: deps.currency ?? 'CNY' } };
    }
    if (command.kind === 'cluster.scale') return quoteScale(command);
    if (command.kind !== 'cluster.create') return undefined;
    const region = command.region ?? '';
    const reason = (why: string) =>
      text('spend.price.unavailable', { instanceType: command.instanceType, region, why, seconds: deps.timeoutMs / 1000 });
    let price: InstancePrice | typeof TIMED_OUT;
    try {
      price = await bounded(region, command.instanceType);
    } catch (error) {
      // What the cloud's refusal means for people (e.g. a rejected access key: the operator's to fix) is said as is.
      if (error instanceof GpubotError && error.userMessage) return { ok: false, reason: error.userMessage };
      return { ok: false, reason: reason('error') };
    }
    if (price === TIMED_OUT) return { ok: false, reason: reason('timeout') };
    const workers = roundPrice(price.perHour * command.count);
    const cluster = roundPrice(clusterPerHour);
    return { ok: true, quote: { perHour: roundPrice(workers + cluster), workers, cluster, currency: price.currency } };
  };
}
