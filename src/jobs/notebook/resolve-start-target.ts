import type { ClusterSummary } from '../../cloud/port.js';
import type { NotebookStart } from '../../commands/types.js';
import { UserFacingError } from '../../errors.js';
import { mayReadSecret } from '../../governance/roles.js';
import { text } from '../../i18n/text.js';
import { ownerOf } from '../../queue/request.js';
import type { JobContext } from '../job-context.js';
import type { NotebookDeps } from './notebook-deps.js';
import { chooseCluster } from './choose-cluster.js';
import { connectCluster, findOn, indexedName, type ClusterAccess, type LocatedNotebook } from './notebook-clusters.js';

export interface StartTarget extends ClusterAccess {
  /** The owner of the notebook: the requester, or the owner of the stopped notebook being restarted. */
  readonly owner: string;
  /** A stopped notebook's disk is reattached. */
  readonly reattach: boolean;
  /** Nothing of the notebook's name was on the cluster when it was looked at: no Secret to keep. */
  readonly fresh: boolean;
}

/** The cluster of an earlier attempt (checkpointed), or a fresh choice. */
async function pickCluster(context: JobContext, deps: NotebookDeps, command: NotebookStart): Promise<ClusterSummary> {
  const { clusterId, regionId } = context.checkpoint;
  if (!clusterId || !regionId) return chooseCluster(context, deps, command);
  const cluster = (await deps.listing.get(regionId)).byId.get(clusterId);
  if (!cluster || cluster.state !== 'running') {
    throw new UserFacingError(
      'notebook.cluster_gone',
      text('notebook.error.clusterGone', { clusterId, state: cluster?.state ?? 'deleted' }),
    );
  }
  return cluster;
}

/** Refuses the name: another notebook holds it, or another start has just claimed it. */
function nameTaken(name: string, cluster: string, holder: { owner: string; stopped: boolean }, me: string): UserFacingError {
  return new UserFacingError(
    'notebook.name_taken',
    text('notebook.error.nameTaken', {
      name,
      cluster,
      mine: holder.owner === me,
      stopped: holder.stopped,
      owner: holder.owner.replace(/^[a-z]+:/, ''),
    }),
  );
}

/**
 * Who holds the name, looking at one cluster: the one the notebook index names (its place is
 * checked there), else the cluster this start would use. Never every cluster of the account.
 */
async function findHolder(
  context: JobContext,
  deps: NotebookDeps,
  command: NotebookStart,
  name: string,
): Promise<{ holder: LocatedNotebook; seen: string } | { chosen: ClusterAccess; seen: string }> {
  const me = ownerOf(context.request.requester);
  const indexed = await indexedName(deps, name);
  const seen = indexed?.place.requestId ?? '';
  if (indexed?.cluster && indexed.cluster.state !== 'running') {
    // The name lives on a cluster that is being scaled or repaired: no second notebook of that name elsewhere.
    const { name: cluster, state } = indexed.cluster;
    throw new UserFacingError('notebook.cluster_not_running', text('notebook.error.clusterNotRunning', { name: cluster, state }));
  }
  if (indexed?.cluster) {
    const holder = await findOn(deps, indexed.cluster, name);
    if (holder) return { holder, seen };
    const { place } = indexed;
    // This request claimed it on an earlier run and stopped before checkpointing: the same cluster.
    if (place.requestId === context.request.requestId) return { chosen: await connectCluster(deps, indexed.cluster), seen };
    // Claimed by a start that has not created its objects yet.
    if (deps.now() - place.claimedAt < deps.notebook.timeoutMs)
      throw nameTaken(name, place.clusterName, { ...place, stopped: false }, me);
  }
  const cluster = await pickCluster(context, deps, command);
  if (cluster.clusterId === indexed?.cluster?.clusterId) return { chosen: await connectCluster(deps, cluster), seen };
  const holder = await findOn(deps, cluster, name);
  return holder ? { holder, seen } : { chosen: await connectCluster(deps, cluster), seen };
}

function placeOf(target: StartTarget, requestId: string) {
  const { cluster } = target;
  return { requestId, clusterId: cluster.clusterId, regionId: cluster.regionId, clusterName: cluster.name, owner: target.owner };
}

/** Records the name at the target in the notebook index; a start that got there first wins. */
async function claimName(deps: NotebookDeps, name: string, target: StartTarget, requestId: string, seen: string, me: string) {
  const claim = await deps.names.claim(name, { ...placeOf(target, requestId), claimedAt: deps.now() }, seen);
  if (claim.status === 'taken') throw nameTaken(name, claim.holder.clusterName, { ...claim.holder, stopped: false }, me);
}

/**
 * Where the notebook starts. A name nobody holds: the chosen cluster. A name this same request
 * holds (a rerun): where it is. A stopped notebook of the requester: its cluster, where its disk
 * is. Anything else holding the name is refused: a restart hands out the password, which is the
 * owner's alone (admins may stop or delete someone's notebook, not reopen it for themselves).
 * At most two clusters are looked at (the index's and the chosen one), then the name is claimed.
 */
export async function resolveStartTarget(
  context: JobContext,
  deps: NotebookDeps,
  command: NotebookStart,
  name: string,
): Promise<StartTarget> {
  const { request } = context;
  const me = ownerOf(request.requester);
  const found = await findHolder(context, deps, command, name);
  const { seen } = found;
  if ('chosen' in found) {
    const target = { ...found.chosen, owner: me, reattach: false, fresh: true };
    await claimName(deps, name, target, request.requestId, seen, me);
    return target;
  }
  const { holder } = found;
  const owner = holder.info.owner ?? '?';
  const sameRequest = holder.info.requestId === request.requestId;
  const mayRestart = holder.info.stopped && mayReadSecret(request.requester, owner);
  if (!sameRequest && !mayRestart) throw nameTaken(name, holder.cluster.name, { owner, stopped: holder.info.stopped }, me);
  if (command.cluster && command.cluster !== holder.cluster.name) {
    throw new UserFacingError(
      'notebook.data_elsewhere',
      text('notebook.error.dataElsewhere', { name, cluster: holder.cluster.name, asked: command.cluster }),
    );
  }
  const target = { cluster: holder.cluster, kube: holder.kube, owner, reattach: holder.info.stopped, fresh: false };
  // A rerun holds its claim already. A restart keeps the place the index has (the cluster is
  // its disk's), so a restart that fails leaves the stopped notebook where the index says.
  if (sameRequest) await claimName(deps, name, target, request.requestId, seen, me);
  else await deps.names.learn(name, { ...placeOf(target, holder.info.requestId ?? request.requestId), claimedAt: 0 });
  return target;
}
