import type { ClusterLifetime } from '../jobs/cluster-tags.js';
import type { ChatRequest } from '../queue/request.js';
import type { LifecycleClock } from './lifecycle-clock.js';

/**
 * A new cluster's life in lifecycle time, counted from now: the `ttl=` asked for, or the default.
 * The create fixes it just before CreateCluster, so the cluster is born with its expiry tags.
 */
export function planLifetime(deps: {
  readonly clock: Pick<LifecycleClock, 'now'>;
  readonly clusterTtlMs: number;
}): (request: ChatRequest) => ClusterLifetime {
  return (request) => {
    const command = request.command;
    const ttlMs = (command.kind === 'cluster.create' ? command.ttlMs : undefined) ?? deps.clusterTtlMs;
    const createdAt = deps.clock.now();
    return { createdAt, ttlMs, expiresAt: createdAt + ttlMs };
  };
}
