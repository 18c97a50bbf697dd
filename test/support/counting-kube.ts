import { parse } from 'yaml';
import { clientNodeConnector } from '../../src/kube/client-node-cluster.js';
import type { KubeCluster, KubeConnector } from '../../src/kube/port.js';

export interface CountingKube {
  /** The real client-node connector; every call gpubot makes on a cluster (or its notebooks) is counted. */
  readonly connector: KubeConnector;
  /** Calls per cluster id, since the start or the last `reset`. */
  calls(): Map<string, number>;
  reset(): void;
}

/** Counts the calls on an object's methods (and on the methods of `nested` objects under it). */
function counted<T extends object>(target: T, count: () => void, nested: readonly string[] = []): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value: unknown = Reflect.get(object, property, receiver);
      if (typeof property === 'string' && nested.includes(property) && typeof value === 'object' && value !== null) {
        return counted(value, count);
      }
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        count();
        return (value as (...a: unknown[]) => unknown).apply(object, args);
      };
    },
  });
}

/**
 * The real Kubernetes adapter, counting per cluster what gpubot asks of it: the emulator's
 * kubeconfig names its cluster after the cluster id, so a test sees which clusters a command touched.
 */
export function countingKube(): CountingKube {
  let calls = new Map<string, number>();
  return {
    connector: {
      connect(kubeconfig): KubeCluster {
        const doc = parse(kubeconfig) as { 'current-context': string };
        const clusterId = doc['current-context'];
        const count = () => calls.set(clusterId, (calls.get(clusterId) ?? 0) + 1);
        return counted(clientNodeConnector.connect(kubeconfig), count, ['notebooks']);
      },
    },
    calls: () => new Map(calls),
    reset: () => {
      calls = new Map();
    },
  };
}
