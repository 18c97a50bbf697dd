import type { ConversationRef, Requester } from '../chat/port.js';
import type { RedisClient } from '../queue/redis-connection.js';
import { runScript } from '../redis/run-script.js';
import { CLAIM_EXPIRY, EXTEND, MARK_WARNED, RESIZE, TRACK } from './record-scripts.js';

/** What gpubot keeps about a cluster it created, for as long as the cluster lives. Times are lifecycle time. */
export interface ClusterRecord {
  readonly clusterId: string;
  readonly regionId: string;
  readonly name: string;
  /** `<platform>:<user id>`, as the cluster's owner tag says. */
  readonly owner: string;
  /** Who gets the warnings (and the summaries), with their display name as last seen. */
  readonly requester: Requester;
  /** Where the create came from: the expiry's progress and channel note go there too. */
  readonly conversation: ConversationRef;
  /** The create request (its job, while it runs). */
  readonly requestId: string;
  readonly createdAt: number;
  readonly ttlMs: number;
  readonly expiresAt: number;
  readonly state: 'active' | 'expiring';
  /** The expiry the owner was last warned of. */
  readonly warnedFor?: number;
  /** The GPU workers' instance type and how many there are (known for clusters gpubot created; kept up to date by scaling). */
  readonly instanceType?: string;
  readonly nodes?: number;
}

export type ExtendOutcome =
  | { readonly kind: 'extended'; readonly expiresAt: number; readonly previous: number }
  | { readonly kind: 'cap'; readonly latest: number }
  | { readonly kind: 'state'; readonly state: string }
  | { readonly kind: 'missing' };

export type ClaimOutcome =
  { readonly kind: 'claimed' } | { readonly kind: 'later'; readonly expiresAt: number } | { readonly kind: 'missing' };

export interface ClusterRecords {
  /** Starts tracking a cluster; a record that exists is kept as it is (and returned). */
  track(record: Omit<ClusterRecord, 'state' | 'warnedFor'>): Promise<{ record: ClusterRecord; created: boolean }>;
  get(clusterId: string): Promise<ClusterRecord | undefined>;
  all(): Promise<ClusterRecord[]>;
  /**
   * Moves the expiry later by `byMs`, never beyond `createdAt + maxTtlMs`; only while active. When
   * the new expiry's warning time (`warnBeforeMs` before it) has passed already, it counts as warned.
   */
  extend(
    clusterId: string,
    byMs: number,
    limits: { readonly maxTtlMs: number; readonly now: number; readonly warnBeforeMs: number },
  ): Promise<ExtendOutcome>;
  /** The expiry has come: `active` becomes `expiring`, once; `later` when it was moved meanwhile. */
  claimExpiry(clusterId: string, now: number): Promise<ClaimOutcome>;
  /** The warning of the expiry at `expiresAt` went out; false when it had already. */
  markWarned(clusterId: string, expiresAt: number): Promise<boolean>;
  /** The cluster now has `nodes` GPU workers (after a scale). */
  resize(clusterId: string, nodes: number): Promise<void>;
  /** The cluster is gone (or no longer gpubot's): nothing about it is kept. */
  forget(clusterId: string): Promise<void>;
}

const parse = (raw: string | null | undefined): ClusterRecord | undefined =>
  raw ? (JSON.parse(raw) as ClusterRecord) : undefined;

/**
 * The records, one hash for all clusters. A record lives exactly as long as gpubot tracks its
 * cluster: it is dropped when the cluster is deleted, found gone or let go (reconciling drops what
 * a lost delete left behind), so nothing in it outlives its cluster.
 */
export function createClusterRecords(redis: RedisClient, prefix: string): ClusterRecords {
  const key = `${prefix}:lifecycle:clusters`;
  return {
    async track(record) {
      const full: ClusterRecord = { ...record, state: 'active' };
      const created = (await runScript(redis, TRACK, [key], [record.clusterId, JSON.stringify(full)])) === 1;
      const stored = parse(await redis.hget(key, record.clusterId));
      if (!stored) throw new Error(`lifecycle record of ${record.clusterId} vanished while it was written`);
      return { record: stored, created };
    },
    get: async (clusterId) => parse(await redis.hget(key, clusterId)),
    async all() {
      return Object.values(await redis.hgetall(key)).flatMap((raw) => parse(raw) ?? []);
    },
    async extend(clusterId, byMs, limits) {
      const args = [clusterId, byMs, limits.maxTtlMs, limits.now, limits.warnBeforeMs];
      const [kind, a, b] = (await runScript(redis, EXTEND, [key], args)) as string[];
      if (kind === 'extended') return { kind, expiresAt: Number(a), previous: Number(b) };
      if (kind === 'cap') return { kind, latest: Number(a) };
      if (kind === 'state') return { kind, state: a ?? '' };
      return { kind: 'missing' };
    },
    async claimExpiry(clusterId, now) {
      const [kind, at] = (await runScript(redis, CLAIM_EXPIRY, [key], [clusterId, now])) as string[];
      if (kind === 'claimed') return { kind };
      if (kind === 'later') return { kind, expiresAt: Number(at) };
      return { kind: 'missing' };
    },
    async markWarned(clusterId, expiresAt) {
      return (await runScript(redis, MARK_WARNED, [key], [clusterId, expiresAt])) === 1;
    },
    async resize(clusterId, nodes) {
      await runScript(redis, RESIZE, [key], [clusterId, nodes]);
    },
    async forget(clusterId) {
      await redis.hdel(key, clusterId);
    },
  };
}
