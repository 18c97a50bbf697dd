import type { CloudProvider, ClusterRef } from '../cloud/port.js';
import type { KubeCluster, KubeConnector } from '../kube/port.js';

/**
 * Clients for the clusters this worker talks to, built from kubeconfigs fetched at most once per
 * cluster per `ttlMs` (a job that waits runs again every poll, and would otherwise fetch one each
 * time). Kubeconfigs are secrets: they stay in this process's memory, never in Redis.
 */
export interface ClusterConnections {
  connect(cluster: ClusterRef): Promise<KubeCluster>;
  /** The cluster is gone (or its credentials changed): the next connect fetches again. */
  forget(clusterId: string): void;
}

export interface ClusterConnectionsDeps {
  readonly cloud: Pick<CloudProvider, 'getKubeconfig'>;
  readonly kube: KubeConnector;
  readonly now: () => number;
  readonly ttlMs?: number;
  /** At most this many clusters are kept; the least recently used go first. */
  readonly maxClusters?: number;
}

export function createClusterConnections(deps: ClusterConnectionsDeps): ClusterConnections {
  const ttlMs = deps.ttlMs ?? 10 * 60_000;
  const maxClusters = deps.maxClusters ?? 500;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, { readonly at: number; readonly cluster: Promise<KubeCluster> }>();
  return {
    connect(ref) {
      const entry = entries.get(ref.clusterId);
      entries.delete(ref.clusterId);
      if (entry && deps.now() - entry.at < ttlMs) {
        entries.set(ref.clusterId, entry);
        return entry.cluster;
      }
      // Concurrent jobs on one cluster share one fetch; a failed fetch is not kept.
      const cluster = deps.cloud.getKubeconfig(ref).then((kubeconfig) => deps.kube.connect(kubeconfig));
      cluster.catch(() => {
        if (entries.get(ref.clusterId)?.cluster === cluster) entries.delete(ref.clusterId);
      });
      entries.set(ref.clusterId, { at: deps.now(), cluster });
      for (const oldest of entries.keys()) {
        if (entries.size <= maxClusters) break;
        entries.delete(oldest);
      }
      return cluster;
    },
    forget(clusterId) {
      entries.delete(clusterId);
    },
  };
}
