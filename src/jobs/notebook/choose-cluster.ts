import type { ClusterSummary } from '../../cloud/port.js';
import type { NotebookStart } from '../../commands/types.js';
import { UserFacingError } from '../../errors.js';
import { mayManage } from '../../governance/roles.js';
import { text } from '../../i18n/text.js';
import { ownerOf } from '../../queue/request.js';
import { tagValue, TAG_OWNER } from '../cluster-tags.js';
import { findByName, listManagedClusters, ownedBy } from '../find-clusters.js';
import type { JobContext } from '../job-context.js';
import type { NotebookDeps } from './notebook-deps.js';

const createdAt = (cluster: ClusterSummary) => Date.parse(cluster.created ?? '') || 0;

/** The newest few names, so a person with hundreds of clusters gets a message, not a wall. */
const NAMES_SHOWN = 5;
function someNames(clusters: readonly ClusterSummary[]): string {
  const shown = clusters.slice(0, NAMES_SHOWN).map((c) => c.name);
  if (shown.length === 0) return '-';
  const more = clusters.length - shown.length;
  return more > 0 ? `${shown.join(', ')} (+${more})` : shown.join(', ');
}

/**
 * The cluster a notebook goes on: the one named with cluster=, which must be the requester's
 * (or the requester an admin) and running; otherwise the requester's newest running cluster.
 */
export async function chooseCluster(context: JobContext, deps: NotebookDeps, command: NotebookStart): Promise<ClusterSummary> {
  const requester = context.request.requester;
  const me = ownerOf(requester);
  const { clusters } = await listManagedClusters(deps.listing, deps.regions);
  const mine = ownedBy(clusters, me).sort((a, b) => createdAt(b) - createdAt(a));
  const running = mine.filter((cluster) => cluster.state === 'running');
  if (command.cluster) {
    const cluster = findByName(clusters, command.cluster);
    if (!cluster) {
      throw new UserFacingError(
        'notebook.cluster_not_found',
        text('notebook.error.clusterNotFound', {
          name: command.cluster,
          names: someNames(running),
        }),
      );
    }
    const owner = tagValue(cluster, TAG_OWNER) ?? '?';
    if (!mayManage(deps.roles, requester, owner)) {
      throw new UserFacingError(
        'notebook.cluster_not_owner',
        text('notebook.error.clusterNotYours', {
          name: cluster.name,
          owner: owner.replace(/^[a-z]+:/, ''),
        }),
      );
    }
    if (cluster.state !== 'running') {
      throw new UserFacingError(
        'notebook.cluster_not_running',
        text('notebook.error.clusterNotRunning', { name: cluster.name, state: cluster.state }),
      );
    }
    return cluster;
  }
  const newest = running[0];
  if (!newest) {
    const starting = mine.find((cluster) => ['initial', 'updating', 'scaling', 'waiting'].includes(cluster.state));
    throw new UserFacingError(
      'notebook.no_cluster',
      starting
        ? text('notebook.error.clusterStarting', { name: starting.name, state: starting.state })
        : text('notebook.error.noCluster'),
    );
  }
  return newest;
}
