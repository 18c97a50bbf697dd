import { UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import { message } from '../../messages/model.js';
import type { ChatRequest } from '../../queue/request.js';
import type { CommandJob } from '../command-job.js';
import type { JobContext, JobDeps } from '../job-context.js';
import { connectCluster, type ClusterAccess } from './notebook-clusters.js';
import { notebookSettings } from './notebook-settings.js';
import { ownedNotebook } from './owned-notebook.js';

function nameOf(request: ChatRequest): string {
  if (request.command.kind !== 'notebook.stop') throw new Error(`stop-notebook got ${request.command.kind}`);
  return request.command.name;
}

/** The notebook's cluster: found and checked on the first attempt, from the checkpoint on a rerun. */
async function findCluster(context: JobContext, deps: JobDeps, name: string): Promise<ClusterAccess> {
  const { clusterId, regionId } = context.checkpoint;
  if (clusterId && regionId) {
    const cluster = await deps.cloud.describeCluster({ regionId, clusterId });
    if (cluster) return connectCluster(deps, cluster);
  }
  const located = await ownedNotebook(deps, context.request, name);
  await context.save({ regionId: located.cluster.regionId, clusterId: located.cluster.clusterId, createdAt: deps.now() });
  return located;
}

/** `/notebook stop <name>`: deletes the Deployment, Service and Secret, and waits for the pod to go. */
export const stopNotebook: CommandJob = {
  title: (request) => text('notebook.title.stop', { name: nameOf(request) }),
  steps: [
    { id: 'find', label: text('notebook.step.find') },
    { id: 'delete', label: text('notebook.step.delete') },
  ],
  async run(context, deps, progress) {
    const name = nameOf(context.request);
    const settings = notebookSettings(deps);
    await progress.start('find');
    const access = await findCluster(context, deps, name);
    await progress.done('find', text('notebook.find.found', { name, cluster: access.cluster.name }));
    await progress.start('delete');
    await access.kube.notebooks.remove(settings.namespace, name);
    const deadline = (context.checkpoint.createdAt ?? deps.now()) + settings.timeoutMs;
    for (;;) {
      const pods = await access.kube.notebooks.countPods(settings.namespace, name);
      if (pods === 0) break;
      if (deps.now() >= deadline) {
        throw new UserFacingError(
          'notebook.stop_timeout',
          text('notebook.error.stopTimeout', { name, cluster: access.cluster.name }),
        );
      }
      await deps.sleep(deps.settings.pollIntervalMs);
    }
    await progress.done('delete', text('notebook.stop.gone'));
    const facts = {
      name,
      cluster: access.cluster.name,
      user: context.request.requester.displayName ?? context.request.requester.userId,
    };
    return {
      summary: text('notebook.stop.summary', facts),
      channel: message('success', [text('notebook.stop.channel', facts)]),
    };
  },
};
