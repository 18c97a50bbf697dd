import { z } from 'zod';
import { ConfigError, list, optionalString, type EnvOf } from './env-fields.js';

/**
 * Where gpubot's Redis is: one node (`REDIS_URL`), a master found through Sentinel, or a Redis
 * Cluster; none of them: a private redis-server in the state folder. And the key prefix, which
 * always carries a Redis Cluster hash tag so every key gpubot and BullMQ write lands on one slot.
 */
export const redisEnv = {
  REDIS_URL: optionalString,
  GPUBOT_REDIS_SENTINELS: list,
  GPUBOT_REDIS_SENTINEL_NAME: optionalString,
  GPUBOT_REDIS_SENTINEL_PASSWORD: optionalString,
  GPUBOT_REDIS_CLUSTER_NODES: list,
  GPUBOT_REDIS_USERNAME: optionalString,
  GPUBOT_REDIS_PASSWORD: optionalString,
  GPUBOT_REDIS_TLS: z.enum(['true', 'false']).default('false'),
  GPUBOT_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_{}-]+$/, 'may hold letters, digits, ":", "_", "-" and a {hash tag}')
    .default('gpubot'),
};

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Credentials and TLS of the data nodes (the master behind Sentinel, every Cluster node). */
interface NodeAuth {
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
}

export type RedisTarget =
  | ({ readonly mode: 'single'; readonly host: string; readonly port: number; readonly db: number } & NodeAuth)
  | ({
      readonly mode: 'sentinel';
      readonly sentinels: readonly HostPort[];
      readonly masterName: string;
      readonly sentinelPassword?: string;
    } & NodeAuth)
  | ({ readonly mode: 'cluster'; readonly nodes: readonly HostPort[] } & NodeAuth);

export interface RedisConfig {
  /** Absent: gpubot starts a private redis-server with its data in the state folder. */
  readonly redis?: RedisTarget;
  /** Prefix of every Redis key (BullMQ's and gpubot's), with a hash tag: `{gpubot}`. */
  readonly queuePrefix: string;
}

/** Redis's own rule: the part between the first `{` and the first `}` after it, when not empty. */
export function hashTagOf(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open < 0) return undefined;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}

/** `gpubot` becomes `{gpubot}`; a prefix that already has a hash tag is kept as written. */
export function hashTaggedPrefix(prefix: string): string {
  if (hashTagOf(prefix) !== undefined) return prefix;
  if (/[{}]/.test(prefix)) {
    throw new ConfigError(
      `GPUBOT_QUEUE_PREFIX: braces mark a Redis Cluster hash tag and must enclose a non-empty part, e.g. {gpubot} or app:{gpubot}`,
    );
  }
  return `{${prefix}}`;
}

export function parseHostPort(entry: string, variable: string): HostPort {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(entry);
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) {
    throw new ConfigError(`${variable}: "${entry}" is not host:port; write e.g. 10.0.0.5:6379 or [fd00::5]:6379`);
  }
  return { host: match[1] ?? (match[2] as string), port };
}

/** Never echoes the URL: it may carry a password. */
function parseRedisUrl(value: string, auth: NodeAuth): RedisTarget {
  const hint = 'REDIS_URL must look like redis://[user:password@]host:6379[/db] or rediss://… (TLS)';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${hint}; the value given is not a URL`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`${hint}; the value given uses the scheme "${url.protocol}"`);
  }
  if (!url.hostname) throw new ConfigError(`${hint}; the value given names no host`);
  const path = url.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(path)) throw new ConfigError(`${hint}; the path must be a database number such as /0`);
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  return {
    mode: 'single',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port || 6379),
    db: Number(path || 0),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    tls: url.protocol === 'rediss:' || auth.tls,
  };
}

function chooseTarget(e: EnvOf<typeof redisEnv>): RedisTarget | undefined {
  const given = [
    e.REDIS_URL ? 'REDIS_URL' : '',
    e.GPUBOT_REDIS_SENTINELS.length ? 'GPUBOT_REDIS_SENTINELS' : '',
    e.GPUBOT_REDIS_CLUSTER_NODES.length ? 'GPUBOT_REDIS_CLUSTER_NODES' : '',
  ].filter(Boolean);
  if (given.length > 1) {
    throw new ConfigError(
      `${given.join(' and ')} are set together: set exactly one of REDIS_URL (one node), ` +
        `GPUBOT_REDIS_SENTINELS (+ GPUBOT_REDIS_SENTINEL_NAME) or GPUBOT_REDIS_CLUSTER_NODES`,
    );
  }
  const sentinelOnly = (['GPUBOT_REDIS_SENTINEL_NAME', 'GPUBOT_REDIS_SENTINEL_PASSWORD'] as const).filter((name) => e[name]);
  if (!e.GPUBOT_REDIS_SENTINELS.length && sentinelOnly.length) {
    throw new ConfigError(`${sentinelOnly.join(' and ')} need GPUBOT_REDIS_SENTINELS (a host:port list of Sentinels)`);
  }
  const nodeAuth = (['GPUBOT_REDIS_USERNAME', 'GPUBOT_REDIS_PASSWORD'] as const).filter((name) => e[name]);
  if (nodeAuth.length && !e.GPUBOT_REDIS_SENTINELS.length && !e.GPUBOT_REDIS_CLUSTER_NODES.length) {
    throw new ConfigError(
      `${nodeAuth.join(' and ')} apply to GPUBOT_REDIS_SENTINELS or GPUBOT_REDIS_CLUSTER_NODES; ` +
        `with REDIS_URL put them in the URL (redis://user:password@host:6379)`,
    );
  }
  const auth: NodeAuth = {
    ...(e.GPUBOT_REDIS_USERNAME ? { username: e.GPUBOT_REDIS_USERNAME } : {}),
    ...(e.GPUBOT_REDIS_PASSWORD ? { password: e.GPUBOT_REDIS_PASSWORD } : {}),
    tls: e.GPUBOT_REDIS_TLS === 'true',
  };
  if (e.REDIS_URL) return parseRedisUrl(e.REDIS_URL, auth);
  if (e.GPUBOT_REDIS_SENTINELS.length) {
    if (!e.GPUBOT_REDIS_SENTINEL_NAME) {
      throw new ConfigError(
        'GPUBOT_REDIS_SENTINEL_NAME is required with GPUBOT_REDIS_SENTINELS: the master group name the Sentinels monitor (e.g. mymaster)',
      );
    }
    return {
      mode: 'sentinel',
      sentinels: e.GPUBOT_REDIS_SENTINELS.map((entry) => parseHostPort(entry, 'GPUBOT_REDIS_SENTINELS')),
      masterName: e.GPUBOT_REDIS_SENTINEL_NAME,
      ...(e.GPUBOT_REDIS_SENTINEL_PASSWORD ? { sentinelPassword: e.GPUBOT_REDIS_SENTINEL_PASSWORD } : {}),
      ...auth,
    };
  }
  if (e.GPUBOT_REDIS_CLUSTER_NODES.length) {
    return {
      mode: 'cluster',
      nodes: e.GPUBOT_REDIS_CLUSTER_NODES.map((entry) => parseHostPort(entry, 'GPUBOT_REDIS_CLUSTER_NODES')),
      ...auth,
    };
  }
  if (auth.tls)
    throw new ConfigError(
      'GPUBOT_REDIS_TLS=true needs a Redis to connect to: set REDIS_URL, GPUBOT_REDIS_SENTINELS or GPUBOT_REDIS_CLUSTER_NODES',
    );
  return undefined;
}

export function redisConfig(e: EnvOf<typeof redisEnv>): RedisConfig {
  const redis = chooseTarget(e);
  return { ...(redis ? { redis } : {}), queuePrefix: hashTaggedPrefix(e.GPUBOT_QUEUE_PREFIX) };
}
