import type { ConversationRef, Requester } from '../chat/port.js';
import type { RedisClient } from '../queue/redis-connection.js';
import { runScript } from '../redis/run-script.js';
import { CLAIM_EXPIRY, EXTEND, TRACK } from './record-scripts.js';

/** What gpubot keeps about a cluster it created, for as long as the cluster lives. Times are lifecycle time. */
export interface ClusterRecord {
  readonly clusterId: string;
  readonly regionId: string;
  readonly name: string;
  /** `<platform>:<user id>`, as the cluster's owner tag says. */
  readonly owner: string;
  /** Who gets the warnings (and the summaries), with their display name and language as last seen. */
  readonly requester: Requester;
  /** Where the create came from: the expiry's progress and channel note go there too. */
  readonly conversation: ConversationRef;
  /** The create request (its job, while it runs). */
  readonly requestId: string;
  readonly createdAt: number;
  readonly ttlMs: number;
  readonly expiresAt: number;
  readonly state: 'active' | 'expiring';
  /** Times extended. */
  readonly extensions: number;
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
  track(record: Omit<ClusterRecord, 'state' | 'extensions'>): Promise<{ record: ClusterRecord; created: boolean }>;
  get(clusterId: string): Promise<ClusterRecord | undefined>;
  all(): Promise<ClusterRecord[]>;
  /** Moves the expiry later by `byMs`, never beyond `createdAt + maxTtlMs`; only while active. */
  extend(clusterId: string, byMs: number, maxTtlMs: number): Promise<ExtendOutcome>;
  /** The expiry has come: `active` becomes `expiring`, once; `later` when it was moved meanwhile. */
  claimExpiry(clusterId: string, now: number): Promise<ClaimOutcome>;
  /** The cluster is gone (or no longer gpubot's): nothing about it is kept. */
  forget(clusterId: string): Promise<void>;
}

const JSON_FIELDS = new Set(['requester', 'conversation']);

function parse(fields: Record<string, string>): ClusterRecord | undefined {
  if (!fields.clusterId || !fields.expiresAt) return undefined;
  return {
    clusterId: fields.clusterId,
    regionId: fields.regionId ?? '',
    name: fields.name ?? '',
    owner: fields.owner ?? '',
    requester: JSON.parse(fields.requester ?? '{}') as Requester,
    conversation: JSON.parse(fields.conversation ?? '{}') as ConversationRef,
    requestId: fields.requestId ?? '',
    createdAt: Number(fields.createdAt),
    ttlMs: Number(fields.ttlMs),
    expiresAt: Number(fields.expiresAt),
    state: fields.state === 'expiring' ? 'expiring' : 'active',
    extensions: Number(fields.extensions ?? 0),
  };
}

function flatten(record: Record<string, unknown>): string[] {
  return Object.entries(record).flatMap(([key, value]) => [key, JSON_FIELDS.has(key) ? JSON.stringify(value) : String(value)]);
}

export function createClusterRecords(redis: RedisClient, prefix: string): ClusterRecords {
  const key = (clusterId: string) => `${prefix}:lifecycle:cluster:${clusterId}`;
  const index = `${prefix}:lifecycle:clusters`;
  const get = async (clusterId: string) => parse(await redis.hgetall(key(clusterId)));
  return {
    async track(record) {
      const created =
        (await runScript(
          redis,
          TRACK,
          [key(record.clusterId), index],
          [record.clusterId, ...flatten({ ...record, state: 'active', extensions: 0 })],
        )) === 1;
      const stored = await get(record.clusterId);
      if (!stored) throw new Error(`lifecycle record of ${record.clusterId} vanished while it was written`);
      return { record: stored, created };
    },
    get,
    async all() {
      const ids = await redis.smembers(index);
      const records = await Promise.all(ids.map(get));
      return records.filter((record): record is ClusterRecord => record !== undefined);
    },
    async extend(clusterId, byMs, maxTtlMs) {
      const [kind, a, b] = (await runScript(redis, EXTEND, [key(clusterId)], [byMs, maxTtlMs])) as string[];
      if (kind === 'extended') return { kind, expiresAt: Number(a), previous: Number(b) };
      if (kind === 'cap') return { kind, latest: Number(a) };
      if (kind === 'state') return { kind, state: a ?? '' };
      return { kind: 'missing' };
    },
    async claimExpiry(clusterId, now) {
      const [kind, at] = (await runScript(redis, CLAIM_EXPIRY, [key(clusterId)], [now])) as string[];
      if (kind === 'claimed') return { kind };
      if (kind === 'later') return { kind, expiresAt: Number(at) };
      return { kind: 'missing' };
    },
    async forget(clusterId) {
      await redis.multi().del(key(clusterId)).srem(index, clusterId).exec();
    },
  };
}
