import type { ConversationRef, Requester } from '../chat/port.js';
import type { RedisClient } from '../queue/redis-connection.js';
import { runScript } from '../redis/run-script.js';
import { stampOnce } from './stamp-once.js';
import {
  CLAIM_IDLE_STOP,
  CLEAR_IDLE_WARNING,
  KEEP_RUNNING,
  MARK_IDLE_WARNED,
  MARK_READABLE,
  RESUME_WATCHING,
} from './notebook-record-scripts.js';

/** What gpubot keeps about a running notebook to stop it when it sits idle. Times are lifecycle time. */
export interface NotebookRecord {
  readonly name: string;
  readonly clusterId: string;
  readonly regionId: string;
  readonly namespace: string;
  readonly gpus: number;
  /** `<platform>:<user id>`. */
  readonly owner: string;
  /** Who gets the warning, with their display name as last seen. */
  readonly requester: Requester;
  /** Where the start came from: the stop's progress and channel note go there too. */
  readonly conversation: ConversationRef;
  readonly startedAt: number;
  /** The last "Keep running": idle counts from then at the earliest. */
  readonly keptAt?: number;
  /** When the owner was warned (the grace runs from then); cleared by use or by "Keep running". */
  readonly warnedAt?: number;
  /** Since when its Jupyter's activity could not be read (the first failed look since the last good one). */
  readonly unreadableSince?: number;
  readonly state: 'watching' | 'stopping';
}

export interface NotebookRecords {
  /** A notebook (re)started: watched from now, any earlier record of the name replaced. */
  watch(record: Omit<NotebookRecord, 'state' | 'keptAt' | 'warnedAt' | 'unreadableSince'>): Promise<NotebookRecord>;
  get(name: string): Promise<NotebookRecord | undefined>;
  all(): Promise<NotebookRecord[]>;
  /** The warning's time: `at` the first time, the earlier one after; undefined when not watched. */
  markWarned(name: string, at: number): Promise<number | undefined>;
  clearWarning(name: string, warnedAt: number): Promise<void>;
  /** Its activity could not be read at `at`: returns since when it has been unreadable; undefined when not watched. */
  markUnreadable(name: string, at: number): Promise<number | undefined>;
  /** Its activity was read: no longer unreadable. */
  markReadable(name: string): Promise<void>;
  keep(name: string, now: number): Promise<'kept' | 'stopping' | 'missing'>;
  claimStop(name: string, warnedAt: number): Promise<boolean>;
  resume(name: string, now: number): Promise<void>;
  forget(name: string): Promise<void>;
}

const parse = (raw: string | null | undefined): NotebookRecord | undefined =>
  raw ? (JSON.parse(raw) as NotebookRecord) : undefined;

/** The records live exactly as long as the notebook runs: a stop or delete drops them. */
export function createNotebookRecords(redis: RedisClient, prefix: string): NotebookRecords {
  const key = `${prefix}:lifecycle:notebooks`;
  return {
    async watch(record) {
      const full: NotebookRecord = { ...record, state: 'watching' };
      await redis.hset(key, record.name, JSON.stringify(full));
      return full;
    },
    get: async (name) => parse(await redis.hget(key, name)),
    async all() {
      return Object.values(await redis.hgetall(key)).flatMap((raw) => parse(raw) ?? []);
    },
    async markWarned(name, at) {
      const stored = (await runScript(redis, MARK_IDLE_WARNED, [key], [name, at])) as string | null;
      return stored ? Number(stored) : undefined;
    },
    async clearWarning(name, warnedAt) {
      await runScript(redis, CLEAR_IDLE_WARNING, [key], [name, warnedAt]);
    },
    // Activity could not be read: since when (the first such look).
    markUnreadable: (name, at) => stampOnce(redis, key, name, 'unreadableSince', at),
    async markReadable(name) {
      await runScript(redis, MARK_READABLE, [key], [name]);
    },
    async keep(name, now) {
      return (await runScript(redis, KEEP_RUNNING, [key], [name, now])) as 'kept' | 'stopping' | 'missing';
    },
    async claimStop(name, warnedAt) {
      return (await runScript(redis, CLAIM_IDLE_STOP, [key], [name, warnedAt])) === 'claimed';
    },
    async resume(name, now) {
      await runScript(redis, RESUME_WATCHING, [key], [name, now]);
    },
    async forget(name) {
      await redis.hdel(key, name);
    },
  };
}
