import type { ClusterRef } from '../../cloud/port.js';
import type { KubeCluster, NotebookInfo } from '../../kube/port.js';
import { listManagedClusters } from '../find-clusters.js';
import type { NotebookDeps } from './notebook-deps.js';

export interface ClusterAccess {
  readonly cluster: ClusterRef & { readonly name: string };
  /** Built from the cluster's kubeconfig, which stays in this object's memory only. */
  readonly kube: KubeCluster;
}

export interface LocatedNotebook extends ClusterAccess {
  readonly info: NotebookInfo;
}

export async function connectCluster(
  deps: Pick<NotebookDeps, 'connections'>,
  cluster: ClusterRef & { readonly name: string },
): Promise<ClusterAccess> {
  return { cluster, kube: await deps.connections.connect(cluster) };
}

/** Running gpubot clusters, each connected; one that cannot be reached is logged and skipped. */
export async function connectRunningClusters(deps: NotebookDeps): Promise<ClusterAccess[]> {
  const { clusters } = await listManagedClusters(deps.listing, deps.regions);
  const running = clusters.filter((cluster) => cluster.state === 'running');
  const connected = await Promise.all(
    running.map(async (cluster) => {
      try {
        return await connectCluster(deps, cluster);
      } catch (error) {
        deps.log.warn(
          { clusterId: cluster.clusterId, code: (error as { code?: unknown }).code },
          'cannot reach a cluster to look for notebooks',
        );
        return undefined;
      }
    }),
  );
  return connected.filter((access): access is ClusterAccess => access !== undefined);
}

/** Every gpubot notebook on every running gpubot cluster. */
export async function listAllNotebooks(deps: NotebookDeps): Promise<LocatedNotebook[]> {
  const namespace = deps.notebook.namespace;
  const perCluster = await Promise.all(
    (await connectRunningClusters(deps)).map(async (access) => {
      const notebooks = await access.kube.notebooks.list(namespace);
      return notebooks.map((info) => ({ ...access, info }));
    }),
  );
  return perCluster.flat();
}

/** The notebook of that name on any running gpubot cluster (names are unique across them). */
export async function locateNotebook(deps: NotebookDeps, name: string): Promise<LocatedNotebook | undefined> {
  const namespace = deps.notebook.namespace;
  for (const access of await connectRunningClusters(deps)) {
    const info = await access.kube.notebooks.find(namespace, name);
    if (info) return { ...access, info };
  }
  return undefined;
}
