import type { RedisClient } from '../queue/redis-connection.js';
import { runScript } from '../redis/run-script.js';
import { ACCRUE, RECONCILE, RELEASE, RESERVE, RESIZE } from './ledger-scripts.js';
import { parseResource, type ResourceKind } from './resources.js';
import { scanKeys } from './scan-keys.js';

/** An amount of one resource to hold, and the most that may be held in all (absent: counted only). */
export interface Claim {
  readonly resource: string;
  readonly amount: number;
  readonly limit?: number;
}

export interface Refusal {
  readonly status: 'refused';
  /** The resource whose limit the claim would pass, e.g. `user-gpus:slack:U1`. */
  readonly resource: string;
  /** What is counted now (the reconciled base plus every hold), the limit, and what was asked. */
  readonly used: number;
  readonly limit: number;
  readonly amount: number;
}

export interface ReserveOptions {
  readonly expireAt?: number;
  readonly listIn?: string;
}

export type ReserveOutcome = { readonly status: 'reserved' } | { readonly status: 'already-held' } | Refusal;

export interface Usage {
  /** Counted outside gpubot's holds (e.g. clusters created in the console), from the last reconcile. */
  readonly base: number;
  /** Sum of the holds. */
  readonly held: number;
  readonly used: number;
  /** When the base was last reconciled with the cloud (ms); absent until it first was. */
  readonly reconciledAt?: number;
}

export interface Holding {
  readonly claims: readonly { readonly resource: string; readonly amount: number }[];
  /** When it was reserved (ms). */
  readonly since: number;
}

/**
 * Atomic reservations in Redis: all of a reservation's claims are held, or none is and the answer
 * names the limit. Idempotent by id, so a rerun of the same request never counts twice.
 */
export interface Reservations {
  /**
   * Holds every claim, or none; a second call with the same id changes nothing and answers `already-held`.
   * `listIn`: a set key (under the same prefix) that the id joins in the same step once it is held.
   */
  reserve(id: string, claims: readonly Claim[], options?: ReserveOptions): Promise<ReserveOutcome>;
  /** Gives back what the id holds; false when it holds nothing (released already, or never reserved). */
  release(id: string): Promise<boolean>;
  /**
   * What an existing hold holds of each resource becomes `amount` (e.g. a scaled cluster's GPUs):
   * absolute, so a repeat changes nothing; not checked against limits (the change has happened).
   * False when the id holds nothing, which stays so.
   */
  resize(id: string, amounts: readonly { readonly resource: string; readonly amount: number }[]): Promise<boolean>;
  /**
   * Replaces the resource's base with the live count from the cloud. `ids` are the reservations
   * the live count already includes (e.g. the requests of gpubot clusters in the listing); holds
   * not among them (still being created) stay counted on top.
   */
  reconcile(resource: string, live: { readonly count: number; readonly ids: readonly string[] }): Promise<Usage>;
  /**
   * Counts usage that already happened (GPU-minutes, spend) into the resource's base: `total` is
   * everything `id` has used of it so far, so repeating or racing a call never counts twice.
   * For the daily kinds, which are accrued and never reconciled. Answers what was added.
   */
  accrue(resource: string, id: string, total: number, options?: { readonly expireAt?: number }): Promise<number>;
  usage(resource: string): Promise<Usage>;
  holding(id: string): Promise<Holding | undefined>;
  holders(resource: string): Promise<{ readonly id: string; readonly amount: number }[]>;
  /** Every resource of a kind the ledger has counted (e.g. each owner's `user-gpus:<owner>`), for metrics. */
  resources(kind: ResourceKind): Promise<string[]>;
}

function checkId(id: string): void {
  if (!/^\S{1,200}$/.test(id)) throw new Error(`a reservation id is 1 to 200 non-space characters, got ${JSON.stringify(id)}`);
}

function checkResource(resource: string): void {
  if (!parseResource(resource)) throw new Error(`unknown resource ${resource}: build names with reservations/resources.ts`);
}

function checkAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${what} must be a whole number ≥ 0, got ${value}`);
}

/** Claims on the same resource are merged (amounts add up, the lower limit wins) so they are checked together. */
function mergeClaims(claims: readonly Claim[]): Claim[] {
  const merged = new Map<string, Claim>();
  for (const claim of claims) {
    checkResource(claim.resource);
    checkAmount(claim.amount, `the amount of ${claim.resource}`);
    if (claim.limit !== undefined) checkAmount(claim.limit, `the limit of ${claim.resource}`);
    const seen = merged.get(claim.resource);
    const limits = [seen?.limit, claim.limit].filter((limit): limit is number => limit !== undefined);
    merged.set(claim.resource, {
      resource: claim.resource,
      amount: (seen?.amount ?? 0) + claim.amount,
      ...(limits.length ? { limit: Math.min(...limits) } : {}),
    });
  }
  return [...merged.values()];
}

export function createReservations(deps: {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly now?: () => number;
}): Reservations {
  const { redis, prefix } = deps;
  const now = deps.now ?? Date.now;
  const holdKey = (id: string) => `${prefix}:rsv:hold:${id}`;
  const resKey = (resource: string) => `${prefix}:rsv:res:${resource}`;
  const holdersKey = (resource: string) => `${prefix}:rsv:holders:${resource}`;
  const accruedKey = (resource: string) => `${prefix}:rsv:accrued:${resource}`;
  const resourceKeys = (resource: string) => [resKey(resource), holdersKey(resource)];
  const usageOf = (base: number, held: number): Usage => ({ base, held, used: base + held });

  return {
    async reserve(id, claims, options = {}) {
      checkId(id);
      const merged = mergeClaims(claims);
      if (merged.length === 0) throw new Error(`reservation ${id} claims nothing`);
      const answer = (await runScript(
        redis,
        RESERVE,
        [holdKey(id), ...merged.flatMap((claim) => resourceKeys(claim.resource)), ...(options.listIn ? [options.listIn] : [])],
        [id, now(), options.expireAt ?? '', ...merged.flatMap((claim) => [claim.resource, claim.amount, claim.limit ?? ''])],
      )) as string[];
      if (answer[0] === 'held') return { status: 'already-held' };
      if (answer[0] === 'reserved') return { status: 'reserved' };
      return {
        status: 'refused',
        resource: String(answer[1]),
        used: Number(answer[2]),
        limit: Number(answer[3]),
        amount: Number(answer[4]),
      };
    },

    async release(id) {
      checkId(id);
      // The hold is read first so the script can be given every key it touches; a hold replaced
      // in between (released and reserved again) makes the script answer -1, and we read again.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const resources = (await redis.hkeys(holdKey(id))).filter((field) => !field.startsWith('#'));
        if (resources.length === 0) return false;
        const answer = Number(
          await runScript(redis, RELEASE, [holdKey(id), ...resources.flatMap(resourceKeys)], [id, ...resources]),
        );
        if (answer >= 0) return answer === 1;
      }
      throw new Error(`reservation ${id} kept changing while it was being released`);
    },

    async resize(id, amounts) {
      checkId(id);
      for (const { resource, amount } of amounts) {
        checkResource(resource);
        checkAmount(amount, `the amount of ${resource}`);
      }
      const keys = [holdKey(id), ...amounts.flatMap(({ resource }) => resourceKeys(resource))];
      const args = [id, ...amounts.flatMap(({ resource, amount }) => [resource, amount])];
      return Number(await runScript(redis, RESIZE, keys, args)) === 1;
    },

    async reconcile(resource, live) {
      checkResource(resource);
      checkAmount(live.count, `the live count of ${resource}`);
      live.ids.forEach(checkId);
      const [base, held] = (await runScript(
        redis,
        RECONCILE,
        [...resourceKeys(resource), ...[...new Set(live.ids)].map(holdKey)],
        [live.count, resource, now()],
      )) as [number, number];
      return usageOf(Number(base), Number(held));
    },

    async accrue(resource, id, total, options = {}) {
      checkResource(resource);
      checkId(id);
      checkAmount(total, `the accrued total of ${resource}`);
      const added = await runScript(redis, ACCRUE, [resKey(resource), accruedKey(resource)], [id, total, options.expireAt ?? '']);
      return Number(added);
    },

    async usage(resource) {
      checkResource(resource);
      const [base, held, reconciledAt] = await redis.hmget(resKey(resource), 'base', 'held', 'reconciledAt');
      return {
        ...usageOf(Number(base ?? 0), Number(held ?? 0)),
        ...(reconciledAt ? { reconciledAt: Number(reconciledAt) } : {}),
      };
    },

    async holding(id) {
      checkId(id);
      const fields = await redis.hgetall(holdKey(id));
      if (Object.keys(fields).length === 0) return undefined;
      return {
        claims: Object.entries(fields)
          .filter(([field]) => !field.startsWith('#'))
          .map(([resource, amount]) => ({ resource, amount: Number(amount) })),
        since: Number(fields['#at'] ?? 0),
      };
    },

    async holders(resource) {
      checkResource(resource);
      const fields = await redis.hgetall(holdersKey(resource));
      return Object.entries(fields).map(([id, amount]) => ({ id, amount: Number(amount) }));
    },

    async resources(kind) {
      const keys = await scanKeys(redis, `${resKey(kind)}:*`);
      return keys.map((key) => key.slice(resKey('').length)).filter((resource) => parseResource(resource)?.kind === kind);
    },
  };
}
