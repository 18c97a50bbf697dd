import type { CloudProvider, ClusterDetail, ClusterRef } from '../cloud/port.js';
import type { ResolvedClusterCreate } from '../commands/types.js';
import { UserFacingError } from '../errors.js';
import { text, verbatim, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import type { ChatRequest } from '../queue/request.js';
import { checkCluster } from './check-cluster.js';
import type { ClusterConnections } from './cluster-connections.js';
import type { CleanUp, CommandJob } from './command-job.js';
import { ensureCluster, type EnsureClusterDeps } from './ensure-cluster.js';
import { ensureNodePool } from './ensure-node-pool.js';
import { followWait } from './follow-wait.js';
import { createHoldId } from './hold-ids.js';
import { endsForGood, type Checkpoint, type JobContext } from './job-context.js';
import { lookAtNodePool } from './look-at-node-pool.js';
import { preflight, type PreflightDeps } from './preflight.js';
import type { ProgressTracker } from './progress-tracker.js';
import { verifyGpuWorkers } from './verify-gpu-nodes.js';
import { isWait, type Wait } from './wait.js';

export interface ProvisionDeps extends PreflightDeps {
  /** Everything but listing (the shared listing does that) and kubeconfigs (the connections do). */
  readonly cloud: Omit<CloudProvider, 'listClusters' | 'getKubeconfig'>;
  readonly connections: ClusterConnections;
  readonly now: () => number;
  /** The lifecycle's expiry for a new cluster, tagged at creation (ensure-cluster.ts). */
  readonly lifetime?: EnsureClusterDeps['lifetime'];
}

function commandOf(request: ChatRequest): ResolvedClusterCreate {
  const command = request.command;
  if (command.kind !== 'cluster.create') throw new Error(`provision-cluster got ${command.kind}`);
  return command;
}

/**
 * A create that ends for good before it made a cluster (refused, or failed before CreateCluster)
 * gives back the quota and the name it held. One that made a cluster keeps both until the
 * clean-up (`cleanUp` below) has deleted it: that delete releases them (the cluster's request tag).
 */
async function releaseOnFailure(deps: ProvisionDeps, context: JobContext, error: unknown): Promise<void> {
  if (!endsForGood(context, error) || context.checkpoint.clusterId) return;
  const { requestId } = context.request;
  await deps.reservations.release(createHoldId(requestId));
  await deps.index.forget(requestId);
}

/** The delete that removes the cluster a create made, once the create has given up. */
function cleanUpCluster(deps: ProvisionDeps, request: ChatRequest, checkpoint: Checkpoint): CleanUp | undefined {
  const { clusterId, regionId } = checkpoint;
  if (!clusterId || !regionId) return undefined;
  const { name } = commandOf(request);
  const now = deps.now();
  return {
    request: {
      requestId: `cleanup-${request.requestId}`,
      command: { kind: 'cluster.delete', name, clusterId },
      requester: request.requester,
      conversation: request.conversation,
      receivedAt: now,
      origin: 'cleanup',
      // Pinned to the cluster this create made: no look-up by name, which another cluster may have by now.
      checkpoint: { regionId, clusterId, clusterName: name, createdBy: request.requestId, createdAt: now },
    },
    note: text('cluster.cleanup.note', { name, clusterId }),
  };
}

/** The cluster until it runs (a Wait meanwhile), then the GPU node pool until it is active. */
async function provisionWorkers(
  context: JobContext,
  deps: ProvisionDeps,
  progress: ProgressTracker,
  cluster: ClusterRef & { taskId?: string },
): Promise<Wait | undefined> {
  const command = commandOf(context.request);
  const { clusterTimeoutMs } = deps.settings;
  if (!context.checkpoint.nodepoolId) {
    await progress.start('wait');
    const look = await checkCluster(deps, {
      ...cluster,
      name: command.name,
      createdAt: context.checkpoint.createdAt ?? deps.now(),
    });
    const running = await followWait<ClusterDetail>(context, progress, look.decision, {
      step: 'wait',
      clock: 'cluster',
      nextLookInMs: look.nextLookInMs,
      timeout: { ms: clusterTimeoutMs, error: (shown) => clusterTimeout(command, cluster, clusterTimeoutMs, shown) },
    });
    if (isWait(running)) return running;
    await progress.done('wait', text('cluster.wait.running', { clusterId: cluster.clusterId }));
    await progress.start('nodepool');
    const pool = await ensureNodePool(context, deps, progress, command, running);
    if (isWait(pool)) return pool;
  }
  const { nodepoolId = '', nodepoolTaskId, poolLookedAt } = context.checkpoint;
  await progress.start('nodes');
  const ids = { nodepoolId, ...(nodepoolTaskId ? { taskId: nodepoolTaskId } : {}) };
  const look = await lookAtNodePool(deps, cluster, ids, command.count, poolLookedAt ?? deps.now());
  if (look.askedAck || poolLookedAt === undefined) await context.save({ poolLookedAt: deps.now() });
  const active = await followWait(context, progress, look.decision, {
    step: 'nodes',
    clock: 'nodepool',
    nextLookInMs: look.nextLookInMs,
    timeout: {
      ms: clusterTimeoutMs,
      error: () =>
        new UserFacingError(
          'nodepool.timeout',
          text('cluster.error.nodePoolTimeout', { name: command.name, nodepoolId, waited: Math.round(clusterTimeoutMs / 1000) }),
        ),
    },
  });
  if (isWait(active)) return active;
  await progress.done('nodes', text('cluster.nodepool.active', { nodepoolId: active.nodepoolId, healthy: active.healthyNodes }));
  await context.save({ nodepoolActive: true });
  return undefined;
}

/** Gives up on a cluster that is not running in time, saying what state it was last seen in. */
function clusterTimeout(command: ResolvedClusterCreate, cluster: ClusterRef, timeoutMs: number, shown: Text) {
  return new UserFacingError(
    'wait.timeout',
    text('cluster.error.timeout', {
      name: command.name,
      clusterId: cluster.clusterId,
      waited: Math.round(timeoutMs / 1000),
      state: String(shown.params?.state ?? '?'),
    }),
  );
}

/** Everything after pre-flight: the cluster, its GPU node pool, the GPU check, the closing messages. */
async function provision(context: JobContext, deps: ProvisionDeps, progress: ProgressTracker) {
  const command = commandOf(context.request);
  const created = await ensureCluster(context, deps, progress, command);
  if (isWait(created)) return created;
  const { taskId: _taskId, ...cluster } = created;
  if (!context.checkpoint.nodepoolActive) {
    const waiting = await provisionWorkers(context, deps, progress, created);
    if (waiting) return waiting;
  }
  const verified = await verifyGpuWorkers(context, progress, deps, cluster, command.count);
  if (isWait(verified)) return verified;
  const facts = {
    name: command.name,
    clusterId: cluster.clusterId,
    count: command.count,
    instanceType: command.instanceType,
    region: cluster.regionId,
    zone: verified.zones.join(', ') || (context.checkpoint.zoneId ?? ''),
  };
  return {
    summary: text('cluster.done.summary', facts),
    channel: message('success', [
      text('cluster.done.channel', {
        ...facts,
        owner: context.request.requester.displayName ?? context.request.requester.userId,
      }),
    ]),
    private: message('success', [text('cluster.done.private', facts), verified.summary], {
      title: text('cluster.done.privateTitle', facts),
      fields: [
        { label: text('cluster.field.id'), value: verbatim(cluster.clusterId) },
        { label: text('cluster.field.location'), value: verbatim(`${facts.region} / ${facts.zone}`) },
      ],
    }),
  };
}

/**
 * `/gpu-cluster create`: pre-flight (name, stock, quota held), a cluster without workers, then
 * (once it runs) the GPU node pool on vSwitches in zones with stock, then the GPU check. It runs
 * again after every wait, skipping what its checkpoint says is done; every step adopts what an
 * earlier run made.
 */
export function provisionCluster(deps: ProvisionDeps): CommandJob {
  return {
    title: (request) => {
      const command = commandOf(request);
      return text('cluster.title.create', { name: command.name, count: command.count, instanceType: command.instanceType });
    },
    steps: [
      { id: 'preflight', label: text('cluster.step.preflight') },
      { id: 'create', label: text('cluster.step.create') },
      { id: 'wait', label: text('cluster.step.wait') },
      { id: 'nodepool', label: text('cluster.step.nodepool') },
      { id: 'nodes', label: text('cluster.step.nodes') },
      { id: 'verify', label: text('cluster.step.verify') },
    ],
    async run(context, progress) {
      const command = commandOf(context.request);
      try {
        if (!context.checkpoint.zoneId && !context.checkpoint.clusterId) {
          await progress.start('preflight');
          const { detail, ...plan } = await preflight(context.request, command, deps);
          await context.save({ regionId: command.region, ...plan });
          await progress.done('preflight', detail);
        }
        return await provision(context, deps, progress);
      } catch (error) {
        await releaseOnFailure(deps, context, error);
        throw error;
      }
    },
    cleanUp: (request, checkpoint) => cleanUpCluster(deps, request, checkpoint),
  };
}
