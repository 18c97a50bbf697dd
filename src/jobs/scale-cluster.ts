import type { CloudProvider, ClusterRef, PoolNode } from '../cloud/port.js';
import type { ClusterScale, ScaleTarget } from '../commands/types.js';
import { UserFacingError } from '../errors.js';
import { mayManage } from '../governance/roles.js';
import { text } from '../i18n/text.js';
import type { KubeCluster } from '../kube/port.js';
import { message } from '../messages/model.js';
import type { ChatRequest } from '../queue/request.js';
import type { Reservations } from '../reservations/reservations.js';
import type { ClusterConnections } from './cluster-connections.js';
import { GONE_STATES, isManaged, tagValue, TAG_OWNER } from './cluster-tags.js';
import type { CommandJob, Outcome } from './command-job.js';
import { checkNodePool } from './check-node-pool.js';
import { GPU_POOL_NAME } from './ensure-node-pool.js';
import { followWait } from './follow-wait.js';
import { notebookHoldId, scaleHoldId } from './hold-ids.js';
import { clusterNodes } from '../reservations/resources.js';
import { endsForGood, type JobContext } from './job-context.js';
import type { Admins } from './job-deps.js';
import type { ProgressTracker } from './progress-tracker.js';
import { verifyGpuWorkers } from './verify-gpu-nodes.js';
import { scaleSettled, type ScaleSettledDeps } from './scale-settled.js';
import { pending, ready } from './wait-decision.js';
import { isWait, type Wait } from './wait.js';

export interface ScaleClusterDeps extends ScaleSettledDeps {
  readonly cloud: Pick<
    CloudProvider,
    | 'describeCluster'
    | 'findNodePool'
    | 'describeNodePool'
    | 'describeTask'
    | 'scaleOutNodePool'
    | 'removeNodePoolNodes'
    | 'listPoolNodes'
    | 'getQuota'
  >;
  readonly connections: ClusterConnections;
  /** The GPUs notebooks hold on the cluster: a stopped notebook's are given back; the create's node count follows. */
  readonly reservations: Pick<Reservations, 'reserve' | 'release' | 'resize'>;
  readonly roles: Admins;
  /** The namespace gpubot's notebooks live in. */
  readonly notebookNamespace: string;
  readonly clusterTimeoutMs: number;
  readonly pollIntervalMs: number;
}

function scaleOf(request: ChatRequest): ClusterScale & { readonly target: ScaleTarget } {
  const command = request.command;
  if (command.kind !== 'cluster.scale') throw new Error(`scale-cluster got ${command.kind}`);
  if (!command.target) throw new Error('a queued scale names its cluster');
  return { ...command, target: command.target };
}

const timeoutError = (scale: ClusterScale) =>
  new UserFacingError('scale.timeout', text('scale.error.timeout', { name: scale.name, count: scale.count }));

/** The cluster, still there, still gpubot's, still the requester's (or they are an admin): else nothing is touched. */
async function checkCluster(deps: ScaleClusterDeps, context: JobContext, scale: ClusterScale, ref: ClusterRef): Promise<void> {
  const detail = await deps.cloud.describeCluster(ref);
  if (!detail || GONE_STATES.includes(detail.state)) {
    throw new UserFacingError('scale.not_found', text('scale.error.gone', { name: scale.name, clusterId: ref.clusterId }));
  }
  if (!isManaged(detail)) {
    throw new UserFacingError(
      'scale.not_managed',
      text('scale.error.notManaged', { name: scale.name, clusterId: ref.clusterId }),
    );
  }
  const owner = tagValue(detail, TAG_OWNER);
  if (!mayManage(deps.roles, context.request.requester, owner)) {
    throw new UserFacingError('scale.not_owner', text('scale.notOwner', { name: scale.name, owner: owner ?? '?' }));
  }
  if (detail.state !== 'running') {
    throw new UserFacingError('scale.not_running', text('scale.error.notRunning', { name: scale.name, state: detail.state }));
  }
}

/** Which nodes go: idle ones first; then, only with the owner's consent, nodes whose notebooks are stopped first. */
async function chooseNodes(
  deps: ScaleClusterDeps,
  kube: KubeCluster,
  scale: ClusterScale & { readonly target: ScaleTarget },
  nodes: readonly PoolNode[],
): Promise<{ ids: string[]; stops: { name: string; requestId?: string }[] }> {
  const running = nodes.filter((node) => node.state === 'running' || node.state === '');
  const leaving = running.length - scale.count;
  const notebooksOn = new Map<string, { name: string; requestId?: string }[]>();
  for (const info of await kube.notebooks.list(deps.notebookNamespace)) {
    if (info.stopped) continue;
    const nodeName = (await kube.notebooks.observe(deps.notebookNamespace, info.name)).pod?.nodeName;
    if (!nodeName) continue;
    const list = notebooksOn.get(nodeName) ?? [];
    list.push({ name: info.name, ...(info.requestId ? { requestId: info.requestId } : {}) });
    notebooksOn.set(nodeName, list);
  }
  const busy = (node: PoolNode) => notebooksOn.get(node.nodeName)?.length ?? 0;
  // Idle nodes first; among busy ones, those with the fewest notebooks.
  const chosen = [...running].sort((a, b) => busy(a) - busy(b)).slice(0, Math.max(0, leaving));
  const stops = chosen.flatMap((node) => notebooksOn.get(node.nodeName) ?? []);
  if (stops.length > 0 && !scale.target.stopNotebooks) {
    throw new UserFacingError(
      'scale.notebooks_in_the_way',
      text('scale.error.notebooksInTheWay', {
        name: scale.name,
        count: scale.count,
        notebooks: stops.map((s) => s.name).join(', '),
      }),
    );
  }
  return { ids: chosen.map((node) => node.instanceId), stops };
}

/** Stops the notebooks on the nodes that go (their disks are kept), one look per run until their pods are gone. */
async function stopNotebooks(
  deps: ScaleClusterDeps,
  context: JobContext,
  progress: ProgressTracker,
  kube: KubeCluster,
): Promise<true | Wait> {
  const stops = context.checkpoint.scaleStops ?? [];
  if (stops.length === 0) return true;
  const ns = deps.notebookNamespace;
  const removing = context.checkpoint.removing ?? [];
  for (const stop of stops) {
    if (!removing.includes(`notebook:${stop.name}`)) await kube.notebooks.remove(ns, stop.name);
  }
  await context.save({ removing: [...new Set([...removing, ...stops.map((stop) => `notebook:${stop.name}`)])] });
  const left: string[] = [];
  for (const stop of stops) if ((await kube.notebooks.countPods(ns, stop.name)) > 0) left.push(stop.name);
  const decision =
    left.length === 0
      ? ready(true as const)
      : pending<true>(text('scale.stopping', { notebooks: left.join(', ') }), left.join(','));
  const gone = await followWait(context, progress, decision, {
    step: 'resize',
    clock: 'scale-stop',
    timeout: {
      ms: deps.clusterTimeoutMs,
      error: () => new UserFacingError('scale.stop_timeout', text('scale.error.stopTimeout', { notebooks: left.join(', ') })),
    },
  });
  if (isWait(gone)) return gone;
  for (const stop of stops) if (stop.requestId) await deps.reservations.release(notebookHoldId(stop.requestId));
  return true;
}

/**
 * Holds the nodes a growth adds against the account's live per-cluster node quota, on top of what
 * the cluster's create holds (its size), atomically with any other change of the cluster: past the
 * quota it is refused in plain words before ACK is asked. Held by the request's id, so a re-run
 * holds nothing twice; given back when the pool has them (scale-settled.ts) or the scale fails.
 */
async function holdNodes(
  deps: ScaleClusterDeps,
  requestId: string,
  scale: ClusterScale & { readonly target: ScaleTarget },
  add: number,
) {
  const quota = await deps.cloud.getQuota();
  const claim = { resource: clusterNodes(scale.target.createRequestId), amount: add, limit: quota.nodesPerCluster };
  const held = await deps.reservations.reserve(scaleHoldId(requestId), [claim]);
  if (held.status === 'refused') {
    const params = { name: scale.name, count: scale.count, limit: held.limit };
    throw new UserFacingError('scale.node_quota', text('scale.error.nodeQuota', params));
  }
}

/**
 * `/gpu-cluster scale <name> <count>`: the GPU node pool grows (ScaleClusterNodePool, by the
 * difference) or shrinks (RemoveNodePoolNodes, idle nodes first; a node with a notebook only when
 * the owner confirmed, its notebooks stopped first), then the GPU check as after a create. Each
 * step is checkpointed and every wait re-queues the job, so a crash or restart resumes it.
 */
export function scaleCluster(deps: ScaleClusterDeps): CommandJob {
  return {
    title: (request) => {
      const scale = scaleOf(request);
      return text('scale.title', { name: scale.name, from: scale.target.from, count: scale.count });
    },
    steps: [
      { id: 'find', label: text('cluster.step.find') },
      { id: 'resize', label: text('scale.step.resize') },
      { id: 'verify', label: text('cluster.step.verify') },
    ],
    async run(context, progress) {
      try {
        return await resize(deps, context, progress);
      } catch (error) {
        // Nodes held for a growth ACK was never asked for go back when the scale ends for good.
        if (endsForGood(context, error) && !context.checkpoint.scaleRequested) {
          await deps.reservations.release(scaleHoldId(context.request.requestId));
        }
        throw error;
      }
    },
  };
}

/** One run of a scale: find the pool, ask for the change once, follow it, then check the GPU workers. */
async function resize(deps: ScaleClusterDeps, context: JobContext, progress: ProgressTracker): Promise<Outcome | Wait> {
  const scale = scaleOf(context.request);
  const ref: ClusterRef = { clusterId: scale.target.clusterId, regionId: scale.target.regionId };
  await progress.start('find');
  let nodepoolId = context.checkpoint.nodepoolId;
  if (!nodepoolId) {
    await checkCluster(deps, context, scale, ref);
    const pool = await deps.cloud.findNodePool(ref, GPU_POOL_NAME);
    if (!pool) throw new UserFacingError('scale.no_pool', text('scale.error.noPool', { name: scale.name }));
    nodepoolId = pool.nodepoolId;
    await context.save({ regionId: ref.regionId, clusterId: ref.clusterId, clusterName: scale.name, nodepoolId });
  }
  await progress.done('find', text('cluster.find.found', { name: scale.name, clusterId: ref.clusterId }));

  await progress.start('resize');
  const growing = scale.count > scale.target.from;
  if (!context.checkpoint.scaleRequested) {
    const pool = await deps.cloud.describeNodePool(ref, nodepoolId);
    if (!pool) throw new UserFacingError('scale.no_pool', text('scale.error.noPool', { name: scale.name }));
    if (pool.state !== 'active') {
      // Another change is under way (or ours, whose answer was lost): wait for it rather than stack a second one on it.
      const shown = text('cluster.nodepool.state', {
        state: pool.state,
        healthy: pool.healthyNodes,
        desired: pool.desiredSize,
      });
      return followWait(context, progress, pending<never>(shown, `busy:${pool.state}:${pool.healthyNodes}`), {
        step: 'resize',
        clock: 'resize',
        timeout: { ms: deps.clusterTimeoutMs, error: () => timeoutError(scale) },
      });
    }
    if (growing) {
      // Read first: a lost answer to an earlier call shows as a pool already at its new size.
      const add = scale.count - pool.desiredSize;
      if (add > 0) await holdNodes(deps, context.request.requestId, scale, add);
      const answer = add > 0 ? await deps.cloud.scaleOutNodePool(ref, nodepoolId, add) : {};
      await context.save({
        scaleRequested: true,
        ...(answer.taskId ? { nodepoolTaskId: answer.taskId } : {}),
        createdAt: Date.now(),
      });
    } else {
      const kube = await deps.connections.connect(ref);
      if (!context.checkpoint.scaleInstanceIds) {
        const chosen = await chooseNodes(deps, kube, scale, await deps.cloud.listPoolNodes(ref, nodepoolId));
        await context.save({ scaleInstanceIds: chosen.ids, scaleStops: chosen.stops });
      }
      const stopped = await stopNotebooks(deps, context, progress, kube);
      if (isWait(stopped)) return stopped;
      const ids = context.checkpoint.scaleInstanceIds ?? [];
      const answer =
        pool.desiredSize > scale.count && ids.length > 0 ? await deps.cloud.removeNodePoolNodes(ref, nodepoolId, ids) : {};
      await context.save({
        scaleRequested: true,
        ...(answer.taskId ? { nodepoolTaskId: answer.taskId } : {}),
        createdAt: Date.now(),
      });
    }
  }
  const look = await checkNodePool(deps, ref, {
    nodepoolId,
    ...(context.checkpoint.nodepoolTaskId ? { taskId: context.checkpoint.nodepoolTaskId } : {}),
  });
  const pool = await followWait(context, progress, look, {
    step: 'resize',
    clock: 'resize',
    timeout: {
      ms: deps.clusterTimeoutMs,
      error: () => timeoutError(scale),
    },
  });
  if (isWait(pool)) return pool;
  await scaleSettled(deps, context.request, scale.target, context.checkpoint, pool.desiredSize);
  await progress.done('resize', text('scale.resized', { count: pool.desiredSize }));

  const verified = await verifyGpuWorkers(context, progress, deps, ref, scale.count);
  if (isWait(verified)) return verified;
  const stopped = (context.checkpoint.scaleStops ?? []).map((stop) => stop.name);
  const facts = {
    name: scale.name,
    from: scale.target.from,
    count: scale.count,
    instanceType: scale.target.instanceType,
    user: context.request.requester.displayName ?? context.request.requester.userId,
    stopped: stopped.join(', '),
  };
  return {
    summary: text('scale.summary', facts),
    channel: message('success', [text('scale.channel', facts)]),
    private: message('success', [text('scale.private', facts), verified.summary], { title: text('scale.summary', facts) }),
  };
}
