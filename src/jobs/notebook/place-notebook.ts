import type { NotebookStart } from '../../commands/types.js';
import { UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import type { NotebookSpec } from '../../kube/port.js';
import type { JobContext } from '../job-context.js';
import type { ProgressTracker } from '../progress-tracker.js';
import type { ClusterAccess } from './notebook-clusters.js';
import { connectCluster } from './notebook-clusters.js';
import { holdGpus } from './hold-gpus.js';
import { credentialsFor, newCredentials } from './notebook-credentials.js';
import type { NotebookDeps } from './notebook-deps.js';
import { exposureFor } from './notebook-exposure.js';
import { resolveStartTarget, type StartTarget } from './resolve-start-target.js';
import { sizeNotebook } from './size-notebook.js';

/** Where a starting notebook is, and whether it reattached a stopped notebook's disk. */
export type PlacedNotebook = ClusterAccess & { readonly reattach: boolean };

/**
 * Refuses, before anything is created, what cannot work (more GPUs than a node has, or than are
 * free on the cluster: those are then held for this start); sizes CPU and memory from the node types.
 */
async function checkNodes(deps: NotebookDeps, requestId: string, access: ClusterAccess, gpus: number) {
  // Starts on one cluster share one node listing per poll interval: the GPU holds, not the listing, keep count.
  const nodes = await deps.cache.get(`nodes:${access.cluster.clusterId}`, deps.pollIntervalMs, () => access.kube.listNodes());
  const largest = Math.max(0, ...nodes.filter((node) => node.isWorker && node.ready).map((node) => node.allocatableGpus));
  if (gpus > largest) {
    throw new UserFacingError(
      'notebook.too_many_gpus',
      text('notebook.error.tooManyGpus', { gpus, largest, cluster: access.cluster.name }),
    );
  }
  const resources = sizeNotebook(nodes, gpus, access.cluster.name);
  await holdGpus(deps, requestId, access, nodes, gpus);
  return { largest, resources };
}

/** The notebook's cluster on a later run: from the checkpoint, through the cached connection. */
export async function reconnect(context: JobContext, deps: NotebookDeps): Promise<PlacedNotebook | undefined> {
  const { clusterId, regionId, clusterName, createdAt, reattach } = context.checkpoint;
  if (!createdAt || !clusterId || !regionId || !clusterName) return undefined;
  return { ...(await connectCluster(deps, { clusterId, regionId, name: clusterName })), reattach: reattach ?? false };
}

/**
 * The first run of a start: the cluster (refusing what cannot work there, before anything is
 * created), and the notebook's spec there; applyNotebook creates it.
 */
export async function placeNotebook(
  context: JobContext,
  deps: NotebookDeps,
  progress: ProgressTracker,
  notebook: { command: NotebookStart; name: string; image: string },
): Promise<{ target: StartTarget; spec: NotebookSpec }> {
  const { command, name, image } = notebook;
  const settings = deps.notebook;
  await progress.start('cluster');
  const target = await resolveStartTarget(context, deps, command, name);
  const { cluster } = target;
  const { largest, resources } = await checkNodes(deps, context.request.requestId, target, command.gpus);
  const exposure = await exposureFor(deps, cluster, settings);
  await progress.done('cluster', text('notebook.cluster.chosen', { cluster: cluster.name, largest, gpus: command.gpus }));
  const spec: NotebookSpec = {
    name,
    namespace: settings.namespace,
    image,
    gpus: command.gpus,
    owner: target.owner,
    requestId: context.request.requestId,
    exposure,
    resources,
    storage: { size: settings.storage.size, storageClass: settings.storage.storageClass },
    // TLS in Jupyter with its own certificate, unless it ends at the load balancer or the operator chose HTTP.
    tls: !settings.allowHttp && !settings.tlsCertificateId,
    ...(settings.tlsCertificateId
      ? { loadBalancerTls: { certificateId: settings.tlsCertificateId, regionId: cluster.regionId } }
      : {}),
  };
  return { target, spec };
}

/**
 * Creates (or, on a rerun of the same request, replaces) the notebook's objects. Checkpoints its
 * cluster and that creating began before the first object, and that they exist after the last.
 */
export async function applyNotebook(
  context: JobContext,
  deps: NotebookDeps,
  progress: ProgressTracker,
  placed: { target: StartTarget; spec: NotebookSpec },
): Promise<void> {
  const { target, spec } = placed;
  const { cluster } = target;
  await progress.start('create');
  const notebooks = target.kube.notebooks;
  await context.save({
    regionId: cluster.regionId,
    clusterId: cluster.clusterId,
    clusterName: cluster.name,
    applyRequested: true,
    reattach: target.reattach,
  });
  await deps.cache.get(`namespace:${cluster.clusterId}:${spec.namespace}`, deps.pollIntervalMs, async () => {
    await notebooks.ensureNamespace(spec.namespace);
    return true;
  });
  const now = new Date(deps.now());
  // A Secret this same request wrote keeps its password and certificate; a name nothing held has none.
  const credentials = target.fresh
    ? await newCredentials(spec, now)
    : await credentialsFor(
        notebooks,
        { namespace: spec.namespace, name: spec.name, requestId: spec.requestId, tls: spec.tls },
        now,
      );
  await notebooks.apply(spec, credentials);
  await context.save({ createdAt: deps.now(), reattach: target.reattach });
  await progress.done('create', text('notebook.create.done', { namespace: spec.namespace, name: spec.name }));
}
