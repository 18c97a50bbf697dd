import type { ClusterRef } from '../cloud/port.js';
import type { ClusterCreate } from '../commands/types.js';
import { UserFacingError } from '../errors.js';
import { text, verbatim } from '../i18n/text.js';
import { message } from '../messages/model.js';
import type { CommandJob } from './command-job.js';
import { ensureCluster } from './ensure-cluster.js';
import { ensureNodePool } from './ensure-node-pool.js';
import type { JobContext, JobDeps } from './job-context.js';
import { preflight } from './preflight.js';
import { verifyGpuNodes } from './verify-gpu-nodes.js';
import { waitForCluster } from './wait-for-cluster.js';
import { waitForNodePool } from './wait-for-node-pool.js';

function commandOf(context: JobContext): ClusterCreate {
  const command = context.request.command;
  if (command.kind !== 'cluster.create') throw new Error(`provision-cluster got ${command.kind}`);
  return command;
}

/** Failures after which the cluster is useless and still billed (NAT gateway, EIP, SLB): it is deleted. */
const CLEAN_UP_AFTER = new Set(['wait.failed', 'nodepool.failed', 'nodepool.no_vswitch']);

/** Deletes a cluster whose creation failed, and says so in the reason. */
async function cleanUpFailed(deps: JobDeps, cluster: ClusterRef, error: unknown): Promise<never> {
  if (error instanceof UserFacingError && CLEAN_UP_AFTER.has(error.code)) {
    const deleting = await deps.cloud.deleteCluster(cluster).catch(() => false);
    if (deleting && error.userMessage) {
      throw new UserFacingError(error.code, text('cluster.error.failedAndCleaned', { ...error.userMessage.params }));
    }
  }
  throw error;
}

/**
 * `/gpu-cluster create`: pre-flight, a cluster without workers, then (once it runs) the GPU node
 * pool on vSwitches in zones with stock, then the GPU check. Every step checkpoints ids and adopts
 * what an earlier attempt made.
 */
export const provisionCluster: CommandJob = {
  title: (request) => {
    const command = request.command as ClusterCreate;
    return text('cluster.title.create', { name: command.name ?? '', count: command.count, instanceType: command.instanceType });
  },
  steps: [
    { id: 'preflight', label: text('cluster.step.preflight') },
    { id: 'create', label: text('cluster.step.create') },
    { id: 'wait', label: text('cluster.step.wait') },
    { id: 'nodepool', label: text('cluster.step.nodepool') },
    { id: 'nodes', label: text('cluster.step.nodes') },
    { id: 'verify', label: text('cluster.step.verify') },
  ],
  async run(context, deps, progress) {
    const command = commandOf(context);
    const name = command.name as string;
    if (!context.checkpoint.zoneId && !context.checkpoint.clusterId) {
      await progress.start('preflight');
      const checked = await preflight(context.request, command, deps);
      const { detail, ...plan } = checked;
      await context.save({ regionId: command.region, ...plan });
      await progress.done('preflight', detail);
    }
    if (progress.stateOf('create') !== 'done') await progress.start('create');
    const { taskId, ...cluster } = await ensureCluster(context, deps, progress, command);
    if (progress.stateOf('wait') !== 'done') await progress.start('wait');
    const detail = await waitForCluster(deps, progress, {
      ...cluster,
      name,
      createdAt: context.checkpoint.createdAt ?? deps.now(),
      ...(taskId ? { taskId } : {}),
    }).catch((error: unknown) => cleanUpFailed(deps, cluster, error));
    await progress.done('wait', text('cluster.wait.running', { clusterId: cluster.clusterId }));

    if (progress.stateOf('nodepool') !== 'done') await progress.start('nodepool');
    const pool = await ensureNodePool(context, deps, progress, command, detail).catch((error: unknown) =>
      cleanUpFailed(deps, cluster, error),
    );
    if (progress.stateOf('nodes') !== 'done') await progress.start('nodes');
    const active = await waitForNodePool(context, deps, progress, { ...cluster, name }, pool).catch((error: unknown) =>
      cleanUpFailed(deps, cluster, error),
    );
    await progress.done(
      'nodes',
      text('cluster.nodepool.active', { nodepoolId: active.nodepoolId, healthy: active.healthyNodes }),
    );

    await progress.start('verify');
    const verified = await verifyGpuNodes(deps, progress, { ...cluster, expected: command.count });
    await progress.done('verify', verified.summary);
    const facts = {
      name,
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
  },
};
