import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { RedisTarget } from '../config/redis-config.js';

/** gpubot's Redis client: one node (direct or found through Sentinel) or a Redis Cluster. */
export type RedisClient = Redis | Cluster;

/** A configured Redis, or the private redis-server's unix socket. */
export type RedisEndpoint = RedisTarget | { readonly mode: 'socket'; readonly path: string };

/**
 * Every connection waits for Redis rather than failing a command (`maxRetriesPerRequest: null`):
 * BullMQ requires it of the connections its workers block on, and producers then ride out a
 * failover instead of dropping work.
 */
const WAIT_FOR_REDIS = { maxRetriesPerRequest: null, enableReadyCheck: true } as const;

function auth(target: { username?: string; password?: string; tls: boolean }): RedisOptions {
  return {
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
  };
}

/** ioredis options of one node (direct, through Sentinel, or the socket); for a Cluster, of each node. */
export function redisOptions(endpoint: RedisEndpoint): RedisOptions {
  switch (endpoint.mode) {
    case 'socket':
      return { ...WAIT_FOR_REDIS, path: endpoint.path };
    case 'single':
      return { ...WAIT_FOR_REDIS, host: endpoint.host, port: endpoint.port, db: endpoint.db, ...auth(endpoint) };
    case 'sentinel':
      return {
        ...WAIT_FOR_REDIS,
        sentinels: endpoint.sentinels.map(({ host, port }) => ({ host, port })),
        name: endpoint.masterName,
        ...(endpoint.sentinelPassword ? { sentinelPassword: endpoint.sentinelPassword } : {}),
        ...(endpoint.tls ? { enableTLSForSentinelMode: true, sentinelTLS: {} } : {}),
        ...auth(endpoint),
      };
    case 'cluster':
      return { ...WAIT_FOR_REDIS, ...auth(endpoint) };
  }
}

/** ioredis Cluster options: BullMQ reads `redisOptions.maxRetriesPerRequest` of a Cluster and wants it null. */
export function clusterOptions(endpoint: Extract<RedisEndpoint, { mode: 'cluster' }>): ClusterOptions {
  return {
    redisOptions: redisOptions(endpoint),
    enableReadyCheck: true,
    // A failover takes the cluster a few seconds: keep retrying rather than erroring out.
    retryDelayOnClusterDown: 300,
    retryDelayOnFailover: 300,
    slotsRefreshTimeout: 5000,
  };
}

/**
 * The one place that builds Redis clients. The composition root makes one client and gives it to
 * gpubot's own modules and to BullMQ as `connection`: queues share it, and each BullMQ worker
 * duplicates it for its blocking reads (which also works for a Cluster instance).
 */
export function connectRedis(endpoint: RedisEndpoint): RedisClient {
  if (endpoint.mode === 'cluster') {
    return new Cluster(
      endpoint.nodes.map(({ host, port }) => ({ host, port })),
      clusterOptions(endpoint),
    );
  }
  return new Redis(redisOptions(endpoint));
}
