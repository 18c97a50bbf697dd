import { defaultSystemDisk } from '../catalog/gpu-catalog.js';
import type { ClusterCreate } from '../commands/types.js';
import { GpubotError, UserFacingError } from '../errors.js';
import { text, verbatim } from '../i18n/text.js';
import { message } from '../messages/model.js';
import type { CommandJob } from './command-job.js';
import { tagsFor } from './cluster-tags.js';
import { findByRequest } from './find-clusters.js';
import type { JobContext, JobDeps } from './job-context.js';
import { preflight } from './preflight.js';
import type { ProgressTracker } from './progress-tracker.js';
import { verifyGpuNodes } from './verify-gpu-nodes.js';
import { waitForCluster } from './wait-for-cluster.js';

function commandOf(context: JobContext): ClusterCreate {
  const command = context.request.command;
  if (command.kind !== 'cluster.create') throw new Error(`provision-cluster got ${command.kind}`);
  return command;
}

/**
 * Finds the cluster this request already created (a crash or a lost answer), or creates it.
 * The lookup runs before every create attempt, so one request never makes two clusters.
 */
async function ensureCluster(
  context: JobContext,
  deps: JobDeps,
  progress: ProgressTracker,
): Promise<{ clusterId: string; taskId?: string }> {
  const command = commandOf(context);
  const region = command.region as string;
  if (context.checkpoint.clusterId) {
    if (progress.stateOf('create') !== 'done') {
      await progress.done('create', text('cluster.create.adopted', { clusterId: context.checkpoint.clusterId }));
    }
    return {
      clusterId: context.checkpoint.clusterId,
      ...(context.checkpoint.taskId ? { taskId: context.checkpoint.taskId } : {}),
    };
  }
  for (let attempt = 1; ; attempt += 1) {
    const existing = await findByRequest(deps.cloud, region, context.request.requestId);
    if (existing) {
      await context.save({ clusterId: existing.clusterId, createdAt: deps.now() });
      await progress.done('create', text('cluster.create.adopted', { clusterId: existing.clusterId }));
      return { clusterId: existing.clusterId };
    }
    try {
      await deps.regions.add(region);
      const created = await deps.cloud.createCluster({
        name: command.name as string,
        regionId: region,
        zoneId: context.checkpoint.zoneId as string,
        instanceType: command.instanceType,
        workerCount: command.count,
        systemDiskCategory: defaultSystemDisk(command.instanceType),
        tags: tagsFor(context.request),
        ...(deps.settings.vpcId ? { vpcId: deps.settings.vpcId, vswitchIds: deps.settings.vswitchIds } : {}),
        ...(deps.settings.kubernetesVersion ? { kubernetesVersion: deps.settings.kubernetesVersion } : {}),
      });
      await context.save({ ...created, createdAt: deps.now() });
      await progress.done(
        'create',
        text('cluster.create.submitted', { clusterId: created.clusterId, taskId: created.taskId ?? '-' }),
      );
      return created;
    } catch (error) {
      if (!(error instanceof GpubotError && error.retryable) || attempt >= 5) throw error;
      context.log.warn({ code: error.code, attempt }, 'CreateCluster failed transiently; checking by tag before trying again');
      await deps.sleep(deps.settings.pollIntervalMs * attempt);
    }
  }
}

export const provisionCluster: CommandJob = {
  title: (request) => {
    const command = request.command as ClusterCreate;
    return text('cluster.title.create', { name: command.name ?? '', count: command.count, instanceType: command.instanceType });
  },
  steps: [
    { id: 'preflight', label: text('cluster.step.preflight') },
    { id: 'create', label: text('cluster.step.create') },
    { id: 'wait', label: text('cluster.step.wait') },
    { id: 'verify', label: text('cluster.step.verify') },
  ],
  async run(context, deps, progress) {
    const command = commandOf(context);
    if (!context.checkpoint.zoneId && !context.checkpoint.clusterId) {
      await progress.start('preflight');
      const checked = await preflight(context.request, command, deps);
      await context.save({ zoneId: checked.zoneId });
      await progress.done('preflight', checked.detail);
    }
    if (progress.stateOf('create') !== 'done') await progress.start('create');
    const { clusterId, taskId } = await ensureCluster(context, deps, progress);
    await progress.start('wait');
    const detail = await waitForCluster(deps, progress, {
      clusterId,
      name: command.name as string,
      createdAt: context.checkpoint.createdAt ?? deps.now(),
      ...(taskId ? { taskId } : {}),
    }).catch(async (error: unknown) => {
      // A failed creation can still hold billable resources (NAT gateway, EIP, SLB): remove it.
      if (error instanceof UserFacingError && error.code === 'wait.failed') {
        const deleting = await deps.cloud.deleteCluster(clusterId).catch(() => false);
        if (deleting && error.userMessage) {
          throw new UserFacingError(error.code, text('cluster.error.failedAndCleaned', { ...error.userMessage.params }));
        }
      }
      throw error;
    });
    await progress.done('wait', text('cluster.wait.running', { clusterId }));
    await progress.start('verify');
    const verified = await verifyGpuNodes(deps, progress, { clusterId, expected: command.count });
    await progress.done('verify', verified);
    const facts = {
      name: command.name ?? '',
      clusterId,
      count: command.count,
      instanceType: command.instanceType,
      region: detail.regionId || (command.region ?? ''),
      zone: detail.zoneId ?? context.checkpoint.zoneId ?? '',
    };
    return {
      summary: text('cluster.done.summary', facts),
      channel: message('success', [
        text('cluster.done.channel', {
          ...facts,
          owner: context.request.requester.displayName ?? context.request.requester.userId,
        }),
      ]),
      private: message('success', [text('cluster.done.private', facts), verified], {
        title: text('cluster.done.privateTitle', facts),
        fields: [
          { label: text('cluster.field.id'), value: verbatim(clusterId) },
          { label: text('cluster.field.location'), value: verbatim(`${facts.region} / ${facts.zone}`) },
        ],
      }),
    };
  },
};
