import type { CloudProvider, ClusterRef } from '../cloud/port.js';
import type { ClusterIndex } from '../cluster-index/cluster-index.js';
import { UserFacingError } from '../errors.js';
import { mayManage } from '../governance/roles.js';
import { text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import { ownerOf, type ChatRequest } from '../queue/request.js';
import type { Reservations } from '../reservations/reservations.js';
import { clusterGpus, clusterNodes } from '../reservations/resources.js';
import type { SharedListing } from '../shared-listing/shared-listing.js';
import type { ClusterConnections } from './cluster-connections.js';
import { GONE_STATES, isLive, tagValue, TAG_OWNER, TAG_REQUEST } from './cluster-tags.js';
import type { CommandJob, LeftBehind } from './command-job.js';
import { findByName, listManagedClusters, ownedBy, untilNextListing } from './find-clusters.js';
import { followWait } from './follow-wait.js';
import { createHoldId } from './hold-ids.js';
import type { Checkpoint, JobContext } from './job-context.js';
import type { Admins, Regions } from './job-deps.js';
import { failed, pending, ready } from './wait-decision.js';
import { isWait } from './wait.js';

export interface DeleteClusterDeps {
  readonly cloud: Pick<CloudProvider, 'deleteCluster' | 'describeCluster'>;
  readonly listing: Pick<SharedListing, 'get'>;
  readonly index: Pick<ClusterIndex, 'forget'>;
  readonly reservations: Pick<Reservations, 'release' | 'holders'>;
  readonly connections: Pick<ClusterConnections, 'forget'>;
  readonly regions: Regions;
  readonly roles: Admins;
  readonly clusterTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly now: () => number;
}

function nameOf(request: ChatRequest): string {
  const command = request.command;
  if (command.kind !== 'cluster.delete') throw new Error(`delete-cluster got ${command.kind}`);
  return command.name;
}

/** A delete gpubot made when the cluster's time to live ran out: its posts say so, not "at X's request". */
const expired = (request: ChatRequest) => request.origin === 'expiry';
/** A delete gpubot made because the cluster sat idle (GPUBOT_CLUSTER_IDLE). */
const idle = (request: ChatRequest) => request.origin === 'idle';

function titleKey(request: ChatRequest): string {
  if (request.origin === 'cleanup') return 'cluster.title.cleanup';
  if (expired(request)) return 'cluster.title.expire';
  return idle(request) ? 'cluster.title.idleDelete' : 'cluster.title.delete';
}

/** What a clean-up that gave up leaves billing: the cluster, with the commands that delete it. */
function leftBehind(request: ChatRequest, checkpoint: Checkpoint): LeftBehind | undefined {
  const { clusterId, regionId } = checkpoint;
  if (!clusterId || !regionId) return undefined;
  const name = nameOf(request);
  return {
    text: text('cluster.cleanup.left', { name, clusterId, region: regionId }),
    summary: `${clusterId} in ${regionId} left: /gpu-cluster delete ${name} or aliyun cs DELETE /clusters/${clusterId} --region=${regionId}`,
  };
}

/** The named cluster, if the requester may delete it: found once in the listings, then kept in the checkpoint. */
async function findCluster(context: JobContext, deps: DeleteClusterDeps, name: string): Promise<ClusterRef> {
  const { clusterId, regionId } = context.checkpoint;
  if (clusterId && regionId) return { clusterId, regionId };
  const { clusters } = await listManagedClusters(deps.listing, deps.regions);
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
  const createdBy = tagValue(cluster, TAG_REQUEST);
  await context.save({
    regionId: cluster.regionId,
    clusterId: cluster.clusterId,
    clusterName: name,
    createdAt: deps.now(),
    ...(createdBy ? { createdBy } : {}),
  });
  return { clusterId: cluster.clusterId, regionId: cluster.regionId };
}

/**
 * One look at a cluster being deleted, in the region's shared listing. ACK reports `deleted` for a
 * while before it forgets the cluster: both mean gone. A listing from before the delete says nothing.
 */
async function checkGone(deps: DeleteClusterDeps, ref: ClusterRef, name: string, requestedAt: number) {
  const listing = await deps.listing.get(ref.regionId);
  const nextLookInMs = untilNextListing(listing, deps.pollIntervalMs, deps.now());
  const listed = listing.byId.get(ref.clusterId);
  if (listing.fetchedAt < requestedAt) {
    return { decision: pending<true>(text('cluster.wait.state', { state: 'deleting' }), 'deleting'), nextLookInMs };
  }
  if (!listed || listed.state === 'deleted') return { decision: ready(true as const), nextLookInMs };
  if (listed.state === 'delete_failed') {
    return {
      decision: failed<true>('delete.failed', text('cluster.error.deleteFailed', { name, clusterId: ref.clusterId })),
      nextLookInMs,
    };
  }
  return { decision: pending<true>(text('cluster.wait.state', { state: listed.state }), listed.state), nextLookInMs };
}

/** The cluster is gone: the quota its create held, its name, and the GPUs its notebooks held are free. */
async function releaseCluster(deps: DeleteClusterDeps, context: JobContext, clusterId: string): Promise<void> {
  const createdBy = context.checkpoint.createdBy;
  if (createdBy) {
    await deps.reservations.release(createHoldId(createdBy));
    // A growth whose nodes ACK never confirmed may still hold some of the cluster's node count.
    for (const { id } of await deps.reservations.holders(clusterNodes(createdBy))) await deps.reservations.release(id);
    await deps.index.forget(createdBy);
  }
  for (const { id } of await deps.reservations.holders(clusterGpus(clusterId))) await deps.reservations.release(id);
}

/** Deletes a gpubot cluster its requester owns (or any, for an admin) and waits until ACK says it is gone. */
export function deleteCluster(deps: DeleteClusterDeps): CommandJob {
  return {
    title: (request) => text(titleKey(request), { name: nameOf(request) }),
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
        // Read first: a worker that died after ACK accepted DeleteCluster, before this checkpoint,
        // left the cluster deleting already; it is followed, not asked for a second time.
        const detail = await deps.cloud.describeCluster(ref);
        if (detail && !GONE_STATES.includes(detail.state)) await deps.cloud.deleteCluster(ref);
        deps.connections.forget(clusterId);
        await context.save({ removing: [clusterId], removedAt: deps.now() });
      }
      const look = await checkGone(deps, ref, name, context.checkpoint.removedAt ?? 0);
      const gone = await followWait(context, progress, look.decision, {
        step: 'delete',
        clock: 'delete',
        nextLookInMs: look.nextLookInMs,
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
      await releaseCluster(deps, context, clusterId);
      await progress.done('delete', text('cluster.deleted.gone', { clusterId }));
      const facts = { name, clusterId };
      if (context.request.origin === 'cleanup') {
        // The failed create's report already told the channel; this tells its owner it costs nothing now.
        return {
          summary: text('cluster.deleted.summary', facts),
          private: message('success', [text('cluster.cleanup.done', facts)]),
        };
      }
      if (idle(context.request)) {
        return {
          summary: text('cluster.deleted.summary', facts),
          channel: message('success', [text('cluster.deleted.idleChannel', facts)]),
          private: message('success', [text('cluster.deleted.idlePrivate', facts)]),
        };
      }
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
    leftBehind,
  };
}
