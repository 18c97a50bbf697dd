import type { CloudProvider, ClusterRef } from '../cloud/port.js';
import { UserFacingError } from '../errors.js';
import { mayManage } from '../governance/roles.js';
import { text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import { ownerOf, type ChatRequest } from '../queue/request.js';
import type { ClusterConnections } from './cluster-connections.js';
import { isLive, tagValue, TAG_OWNER } from './cluster-tags.js';
import type { CommandJob } from './command-job.js';
import { findByName, listManagedClusters, ownedBy } from './find-clusters.js';
import { followWait } from './follow-wait.js';
import type { JobContext } from './job-context.js';
import type { Admins, Regions } from './job-deps.js';
import { failed, pending, ready, type WaitDecision } from './wait-decision.js';
import { isWait } from './wait.js';

export interface DeleteClusterDeps {
  readonly cloud: Pick<CloudProvider, 'listClusters' | 'describeCluster' | 'deleteCluster'>;
  readonly connections: Pick<ClusterConnections, 'forget'>;
  readonly regions: Regions;
  readonly roles: Admins;
  readonly clusterTimeoutMs: number;
  readonly now: () => number;
}

function nameOf(request: ChatRequest): string {
  const command = request.command;
  if (command.kind !== 'cluster.delete') throw new Error(`delete-cluster got ${command.kind}`);
  return command.name;
}

/** A delete gpubot made when the cluster's time to live ran out: its posts say so, not "at X's request". */
const expired = (request: ChatRequest) => request.origin === 'expiry';

/** The named cluster, if the requester may delete it: found once, then kept in the checkpoint. */
async function findCluster(context: JobContext, deps: DeleteClusterDeps, name: string): Promise<ClusterRef> {
  const { clusterId, regionId } = context.checkpoint;
  if (clusterId && regionId) return { clusterId, regionId };
  const clusters = await listManagedClusters(deps.cloud, deps.regions);
  const pinned = context.request.command.kind === 'cluster.delete' ? context.request.command.clusterId : undefined;
  const cluster = pinned ? clusters.find((c) => c.clusterId === pinned && isLive(c)) : findByName(clusters, name);
  if (!cluster) {
    const mine = ownedBy(clusters, ownerOf(context.request.requester)).map((c) => c.name);
    throw new UserFacingError('delete.not_found', text('cluster.error.notFound', { name, names: mine.join(', ') || '-' }));
  }
  const owner = tagValue(cluster, TAG_OWNER);
  if (!mayManage(deps.roles, context.request.requester, owner)) {
    throw new UserFacingError('delete.not_owner', text('cluster.error.notOwner', { name, owner: owner ?? '?' }));
  }
  await context.save({ regionId: cluster.regionId, clusterId: cluster.clusterId, clusterName: name, createdAt: deps.now() });
  return { clusterId: cluster.clusterId, regionId: cluster.regionId };
}

/** One look at a cluster being deleted. ACK reports `deleted` for a while before it forgets the cluster: both mean gone. */
async function checkGone(deps: DeleteClusterDeps, ref: ClusterRef, name: string): Promise<WaitDecision<true>> {
  const detail = await deps.cloud.describeCluster(ref);
  if (!detail || detail.state === 'deleted') return ready(true);
  if (detail.state === 'delete_failed') {
    return failed('delete.failed', text('cluster.error.deleteFailed', { name, clusterId: ref.clusterId }));
  }
  return pending(text('cluster.wait.state', { state: detail.state }), detail.state);
}

/** Deletes a gpubot cluster its requester owns (or any, for an admin) and waits until ACK says it is gone. */
export function deleteCluster(deps: DeleteClusterDeps): CommandJob {
  return {
    title: (request) => text(expired(request) ? 'cluster.title.expire' : 'cluster.title.delete', { name: nameOf(request) }),
    steps: [
      { id: 'find', label: text('cluster.step.find') },
      { id: 'delete', label: text('cluster.step.delete') },
    ],
    async run(context, progress) {
      const name = nameOf(context.request);
      await progress.start('find');
      const ref = await findCluster(context, deps, name);
      const { clusterId } = ref;
      await progress.done('find', text('cluster.find.found', { name, clusterId }));
      await progress.start('delete');
      if (!context.checkpoint.removing?.includes(clusterId)) {
        await deps.cloud.deleteCluster(ref);
        deps.connections.forget(clusterId);
        await context.save({ removing: [clusterId] });
      }
      const gone = await followWait(context, progress, await checkGone(deps, ref, name), {
        step: 'delete',
        clock: 'delete',
        timeout: {
          ms: deps.clusterTimeoutMs,
          error: (shown) =>
            new UserFacingError(
              'delete.timeout',
              text('cluster.error.deleteTimeout', { name, clusterId, state: String(shown.params?.state ?? '?') }),
            ),
        },
      });
      if (isWait(gone)) return gone;
      await progress.done('delete', text('cluster.deleted.gone', { clusterId }));
      const facts = { name, clusterId };
      if (expired(context.request)) {
        return {
          summary: text('cluster.deleted.summary', facts),
          channel: message('success', [text('cluster.deleted.expiredChannel', facts)]),
          private: message('success', [text('cluster.deleted.expiredPrivate', facts)]),
        };
      }
      return {
        summary: text('cluster.deleted.summary', facts),
        channel: message('success', [
          text('cluster.deleted.channel', {
            ...facts,
            user: context.request.requester.displayName ?? context.request.requester.userId,
          }),
        ]),
        private: message('success', [text('cluster.deleted.private', facts)]),
      };
    },
  };
}
