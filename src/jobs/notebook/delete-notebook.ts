import { UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import { message } from '../../messages/model.js';
import type { ChatRequest } from '../../queue/request.js';
import type { CommandJob } from '../command-job.js';
import { isWait } from '../wait.js';
import { notebookCleanedUp, notebookLeftBehind } from './clean-up-notebook.js';
import { findNotebookCluster } from './find-notebook-cluster.js';
import { releaseGpus } from './hold-gpus.js';
import type { NotebookDeps } from './notebook-deps.js';
import { removeUntilGone } from './remove-until-gone.js';

function nameOf(request: ChatRequest): string {
  if (request.command.kind !== 'notebook.delete') throw new Error(`delete-notebook got ${request.command.kind}`);
  return request.command.name;
}

/**
 * `/notebook delete <name>` (confirmed by its owner first): stops the notebook if it runs, then
 * deletes its disk's claim, which deletes the volume and the cloud disk with everything on it.
 */
export const deleteNotebook = (deps: NotebookDeps): CommandJob => ({
  title: (request) =>
    text(request.origin === 'cleanup' ? 'notebook.title.cleanup' : 'notebook.title.delete', { name: nameOf(request) }),
  steps: [
    { id: 'find', label: text('notebook.step.find') },
    { id: 'delete', label: text('notebook.step.delete') },
    { id: 'disk', label: text('notebook.step.disk') },
  ],
  async run(context, progress) {
    const name = nameOf(context.request);
    const { namespace, timeoutMs } = deps.notebook;
    await progress.start('find');
    const access = await findNotebookCluster(context, deps, context.request, name);
    await progress.done('find', text('notebook.find.found', { name, cluster: access.cluster.name }));
    const notebooks = access.kube.notebooks;
    const facts = { name, cluster: access.cluster.name };
    await progress.start('delete');
    // The disk detaches only once the pod is gone.
    const stopped = await removeUntilGone(context, progress, {
      what: 'notebook',
      step: 'delete',
      remove: () => notebooks.remove(namespace, name),
      isGone: async () => (await notebooks.countPods(namespace, name)) === 0,
      timeoutMs,
      timeout: () => new UserFacingError('notebook.stop_timeout', text('notebook.error.stopTimeout', facts)),
    });
    if (isWait(stopped)) return stopped;
    await releaseGpus(deps, context.checkpoint.createdBy);
    await progress.done('delete', text('notebook.stop.gone'));
    await progress.start('disk');
    const diskGone = await removeUntilGone(context, progress, {
      what: 'disk',
      step: 'disk',
      remove: () => notebooks.removeStorage(namespace, name),
      isGone: async () => !(await notebooks.hasStorage(namespace, name)),
      timeoutMs,
      timeout: () => new UserFacingError('notebook.disk_timeout', text('notebook.error.diskTimeout', facts)),
    });
    if (isWait(diskGone)) return diskGone;
    await progress.done('disk', text('notebook.delete.diskGone'));
    await deps.names.forget(name, { clusterId: access.cluster.clusterId });
    if (context.request.origin === 'cleanup') return notebookCleanedUp(name, access.cluster.name);
    const user = context.request.requester.displayName ?? context.request.requester.userId;
    return {
      summary: text('notebook.delete.summary', facts),
      channel: message('success', [text('notebook.delete.channel', { ...facts, user })]),
    };
  },
  leftBehind: (request, checkpoint) => notebookLeftBehind(request, checkpoint, deps.notebook.namespace),
});
