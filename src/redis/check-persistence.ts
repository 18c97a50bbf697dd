import { Cluster, type Redis } from 'ioredis';
import { GpubotError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RedisClient } from '../queue/redis-connection.js';

/**
 * `verify`: refuse a Redis that would lose acknowledged work. `managed`: facts the service hides
 * (CONFIG disabled) are vouched for by the operator; facts it shows must still be right.
 * `unsafe`: start anyway and say so loudly (tests, throw-away setups).
 */
export type PersistencePolicy = 'verify' | 'managed' | 'unsafe';

/** What Redis says about its durability; undefined where it would not say. */
export interface PersistenceFacts {
  readonly source: 'config' | 'info' | 'none';
  readonly appendonly?: boolean;
  readonly appendfsync?: string;
  readonly maxmemoryPolicy?: string;
}

async function configValue(redis: Redis, name: string): Promise<string | undefined> {
  const answer = (await redis.config('GET', name)) as string[];
  return answer[1];
}

function infoField(info: string, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(info)?.[1]?.trim();
}

/** CONFIG GET where allowed; INFO where CONFIG is disabled (as on most managed Redis services). */
async function readNode(redis: Redis): Promise<PersistenceFacts> {
  try {
    const [appendonly, appendfsync, policy] = await Promise.all([
      configValue(redis, 'appendonly'),
      configValue(redis, 'appendfsync'),
      configValue(redis, 'maxmemory-policy'),
    ]);
    return {
      source: 'config',
      ...(appendonly === undefined ? {} : { appendonly: appendonly === 'yes' }),
      ...(appendfsync === undefined ? {} : { appendfsync }),
      ...(policy === undefined ? {} : { maxmemoryPolicy: policy }),
    };
  } catch {
    // CONFIG renamed away or not permitted: fall back to what INFO shows.
  }
  try {
    const info = `${await redis.info('persistence')}\n${await redis.info('memory')}`;
    const aof = infoField(info, 'aof_enabled');
    const policy = infoField(info, 'maxmemory_policy');
    return {
      source: 'info',
      ...(aof === undefined ? {} : { appendonly: aof === '1' }),
      ...(policy === undefined ? {} : { maxmemoryPolicy: policy }),
    };
  } catch {
    return { source: 'none' };
  }
}

/** A Redis Cluster is as durable as its least durable master. */
function weakest(facts: readonly PersistenceFacts[]): PersistenceFacts {
  const appendonly = facts.some((f) => f.appendonly === false)
    ? false
    : facts.every((f) => f.appendonly === true)
      ? true
      : undefined;
  const policies = facts.map((f) => f.maxmemoryPolicy);
  const policy = policies.includes(undefined) ? undefined : (policies.find((p) => p !== 'noeviction') ?? 'noeviction');
  return {
    source: facts.every((f) => f.source === 'config') ? 'config' : facts.some((f) => f.source === 'none') ? 'none' : 'info',
    ...(appendonly === undefined ? {} : { appendonly }),
    ...(policy === undefined ? {} : { maxmemoryPolicy: policy }),
  };
}

/** What the Redis gpubot uses says about its durability: one node, or every master of a Cluster. */
export async function readPersistence(redis: RedisClient): Promise<PersistenceFacts> {
  if (!(redis instanceof Cluster)) return readNode(redis);
  await redis.ping(); // the masters are known once the cluster client is ready
  return weakest(await Promise.all(redis.nodes('master').map(readNode)));
}

export interface Verdict {
  /** What would lose acknowledged work. */
  readonly problems: readonly string[];
  /** What Redis would not tell. */
  readonly unknown: readonly string[];
  /** Weaker guarantees worth a warning. */
  readonly warnings: readonly string[];
}

export function judgePersistence(facts: PersistenceFacts): Verdict {
  const problems: string[] = [];
  const unknown: string[] = [];
  const warnings: string[] = [];
  if (facts.appendonly === false) {
    problems.push(
      'AOF is off (appendonly no): a restart of Redis loses every request, job and message queued since the last snapshot; set appendonly yes',
    );
  } else if (facts.appendonly === undefined) unknown.push('whether AOF is on (appendonly)');
  if (facts.maxmemoryPolicy === undefined) unknown.push('the eviction policy (maxmemory-policy)');
  else if (facts.maxmemoryPolicy !== 'noeviction') {
    problems.push(
      `maxmemory-policy is ${facts.maxmemoryPolicy}: under memory pressure Redis deletes queued jobs and delivery records; set maxmemory-policy noeviction`,
    );
  }
  if (facts.appendfsync === 'no') {
    warnings.push('appendfsync is no: a crash of the machine (not just of Redis) can lose the last ~30 s; everysec is safer');
  }
  return { problems, unknown, warnings };
}

const OVERRIDES =
  'On a managed Redis that persists every write but hides CONFIG, set GPUBOT_REDIS_PERSISTENCE=managed; ' +
  'to run anyway on a Redis that may lose work (tests, throw-away setups), set GPUBOT_REDIS_PERSISTENCE=unsafe.';

/**
 * At start: gpubot acknowledges a command only once it is queued in Redis, so a Redis that can
 * forget (no AOF) or evict keys would silently drop acknowledged requests. Refuses to start on
 * one, unless told otherwise by GPUBOT_REDIS_PERSISTENCE.
 */
export async function checkRedisPersistence(redis: RedisClient, policy: PersistencePolicy, log: Logger): Promise<Verdict> {
  const facts = await readPersistence(redis);
  const verdict = judgePersistence(facts);
  const found = { source: facts.source, appendonly: facts.appendonly, maxmemoryPolicy: facts.maxmemoryPolicy };
  for (const warning of verdict.warnings) log.warn({ redis: found }, `Redis persistence: ${warning}`);
  const failing =
    policy === 'managed' ? verdict.problems : [...verdict.problems, ...verdict.unknown.map((u) => `Redis does not say ${u}`)];
  if (failing.length === 0) {
    if (verdict.unknown.length > 0) {
      log.info(
        { redis: found, unknown: verdict.unknown },
        'Redis persistence vouched for by the operator (GPUBOT_REDIS_PERSISTENCE=managed)',
      );
    } else log.info({ redis: found }, 'Redis persistence verified (AOF on, no eviction)');
    return verdict;
  }
  const summary = `Redis would lose acknowledged work: ${failing.join('; ')}.`;
  if (policy === 'unsafe') {
    log.error({ redis: found, problems: failing }, `UNSAFE: ${summary} Starting anyway because GPUBOT_REDIS_PERSISTENCE=unsafe.`);
    return verdict;
  }
  throw new GpubotError('redis.not_durable', `${summary} ${OVERRIDES}`);
}
