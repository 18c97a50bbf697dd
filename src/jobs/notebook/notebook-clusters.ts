import type { ClusterRef, ClusterSummary } from '../../cloud/port.js';
import type { NotebookPlace } from '../../cluster-index/notebook-index.js';
import type { KubeCluster, NotebookInfo } from '../../kube/port.js';
import { isLive } from '../cluster-tags.js';
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

/** What the index should know of a notebook a cluster showed. */
function placeOf(located: LocatedNotebook): NotebookPlace | undefined {
  const { cluster, info } = located;
  if (!info.requestId) return undefined;
  const where = { clusterId: cluster.clusterId, regionId: cluster.regionId, clusterName: cluster.name };
  return { ...where, requestId: info.requestId, owner: info.owner ?? '?', claimedAt: 0 };
}

/** Every gpubot notebook on every running gpubot cluster; the index learns the ones it lacked. */
export async function listAllNotebooks(deps: NotebookDeps): Promise<LocatedNotebook[]> {
  const namespace = deps.notebook.namespace;
  const perCluster = await Promise.all(
    (await connectRunningClusters(deps)).map(async (access) => {
      const notebooks = await access.kube.notebooks.list(namespace);
      return notebooks.map((info) => ({ ...access, info }));
    }),
  );
  const all = perCluster.flat();
  for (const located of all) {
    const place = placeOf(located);
    if (place) await deps.names.learn(located.info.name, place);
  }
  return all;
}

/** The notebook of that name on one cluster, if it is there. */
export async function findOn(
  deps: NotebookDeps,
  cluster: ClusterRef & { readonly name: string },
  name: string,
): Promise<LocatedNotebook | undefined> {
  const access = await connectCluster(deps, cluster);
  const info = await access.kube.notebooks.find(deps.notebook.namespace, name);
  return info ? { ...access, info } : undefined;
}

/** What the index says of a name: where, and that cluster as the listing shows it (absent: gone). */
export interface IndexedName {
  readonly place: NotebookPlace;
  readonly cluster?: ClusterSummary;
}

/** The index's place for the name, checked against the shared listing; a place whose cluster is gone is forgotten. */
export async function indexedName(deps: NotebookDeps, name: string): Promise<IndexedName | undefined> {
  const place = await deps.names.lookup(name);
  if (!place) return undefined;
  const cluster = (await deps.listing.get(place.regionId)).byId.get(place.clusterId);
  if (cluster && isLive(cluster)) return { place, cluster };
  await deps.names.forget(name, { clusterId: place.clusterId });
  return { place };
}

const running = (indexed: IndexedName | undefined) => (indexed?.cluster?.state === 'running' ? indexed.cluster : undefined);

/**
 * The notebook of that name (names are unique across clusters): on the cluster the index names,
 * else (a notebook older than the index, or the index stale) on every running gpubot cluster.
 */
export async function locateNotebook(deps: NotebookDeps, name: string): Promise<LocatedNotebook | undefined> {
  const indexed = await indexedName(deps, name);
  const home = running(indexed);
  if (home) {
    const located = await findOn(deps, home, name);
    if (located) return located;
  }
  const namespace = deps.notebook.namespace;
  for (const access of await connectRunningClusters(deps)) {
    if (access.cluster.clusterId === home?.clusterId) continue;
    const info = await access.kube.notebooks.find(namespace, name);
    if (!info) continue;
    const located = { ...access, info };
    const place = placeOf(located);
    if (place) await deps.names.claim(name, place, indexed?.place.requestId ?? '');
    return located;
  }
  return undefined;
}
