import type { ClusterSummary } from '../../cloud/port.js';
import type { NotebookStart } from '../../commands/types.js';
import { UserFacingError } from '../../errors.js';
import { mayReadSecret } from '../../governance/roles.js';
import { text } from '../../i18n/text.js';
import { ownerOf } from '../../queue/request.js';
import type { JobContext } from '../job-context.js';
import type { NotebookDeps } from './notebook-deps.js';
import { chooseCluster } from './choose-cluster.js';
import { connectCluster, locateNotebook, type ClusterAccess } from './notebook-clusters.js';

export interface StartTarget extends ClusterAccess {
  /** The owner of the notebook: the requester, or the owner of the stopped notebook being restarted. */
  readonly owner: string;
  /** A stopped notebook's disk is reattached. */
  readonly reattach: boolean;
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

/**
 * Where the notebook starts. A name nobody holds: the chosen cluster. A name this same request
 * holds (a rerun): where it is. A stopped notebook of the requester: its cluster, where its disk
 * is. Anything else holding the name is refused: a restart hands out the password, which is the
 * owner's alone (admins may stop or delete someone's notebook, not reopen it for themselves).
 */
export async function resolveStartTarget(
  context: JobContext,
  deps: NotebookDeps,
  command: NotebookStart,
  name: string,
): Promise<StartTarget> {
  const { request } = context;
  const me = ownerOf(request.requester);
  const holder = await locateNotebook(deps, name);
  if (!holder) {
    const cluster = await pickCluster(context, deps, command);
    return { ...(await connectCluster(deps, cluster)), owner: me, reattach: false };
  }
  const owner = holder.info.owner ?? '?';
  const sameRequest = holder.info.requestId === request.requestId;
  const mayRestart = holder.info.stopped && mayReadSecret(request.requester, owner);
  if (!sameRequest && !mayRestart) {
    throw new UserFacingError(
      'notebook.name_taken',
      text('notebook.error.nameTaken', {
        name,
        cluster: holder.cluster.name,
        mine: owner === me,
        stopped: holder.info.stopped,
        owner: owner.replace(/^[a-z]+:/, ''),
      }),
    );
  }
  if (command.cluster && command.cluster !== holder.cluster.name) {
    throw new UserFacingError(
      'notebook.data_elsewhere',
      text('notebook.error.dataElsewhere', { name, cluster: holder.cluster.name, asked: command.cluster }),
    );
  }
  return { cluster: holder.cluster, kube: holder.kube, owner, reattach: holder.info.stopped };
}
