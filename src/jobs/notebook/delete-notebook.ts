import { text } from '../../i18n/text.js';
import { message } from '../../messages/model.js';
import type { ChatRequest } from '../../queue/request.js';
import type { CommandJob } from '../command-job.js';
import { findNotebookCluster } from './find-notebook-cluster.js';
import { notebookSettings } from './notebook-settings.js';
import { waitUntilGone } from './wait-until-gone.js';

function nameOf(request: ChatRequest): string {
  if (request.command.kind !== 'notebook.delete') throw new Error(`delete-notebook got ${request.command.kind}`);
  return request.command.name;
}

/**
 * `/notebook delete <name>` (confirmed by its owner first): stops the notebook if it runs, then
 * deletes its disk's claim, which deletes the volume and the cloud disk with everything on it.
 */
export const deleteNotebook: CommandJob = {
  title: (request) => text('notebook.title.delete', { name: nameOf(request) }),
  steps: [
    { id: 'find', label: text('notebook.step.find') },
    { id: 'delete', label: text('notebook.step.delete') },
    { id: 'disk', label: text('notebook.step.disk') },
  ],
  async run(context, deps, progress) {
    const name = nameOf(context.request);
    const settings = notebookSettings(deps);
    const { namespace } = settings;
    await progress.start('find');
    const access = await findNotebookCluster(context, deps, context.request, name);
    await progress.done('find', text('notebook.find.found', { name, cluster: access.cluster.name }));
    const notebooks = access.kube.notebooks;
    const deadline = (context.checkpoint.createdAt ?? deps.now()) + settings.timeoutMs;
    const facts = { name, cluster: access.cluster.name };
    await progress.start('delete');
    await notebooks.remove(namespace, name);
    // The disk detaches only once the pod is gone.
    await waitUntilGone(deps, async () => (await notebooks.countPods(namespace, name)) === 0, deadline, {
      code: 'notebook.stop_timeout',
      text: text('notebook.error.stopTimeout', facts),
    });
    await progress.done('delete', text('notebook.stop.gone'));
    await progress.start('disk');
    await notebooks.removeStorage(namespace, name);
    await waitUntilGone(deps, async () => !(await notebooks.hasStorage(namespace, name)), deadline, {
      code: 'notebook.disk_timeout',
      text: text('notebook.error.diskTimeout', facts),
    });
    await progress.done('disk', text('notebook.delete.diskGone'));
    const user = context.request.requester.displayName ?? context.request.requester.userId;
    return {
      summary: text('notebook.delete.summary', facts),
      channel: message('success', [text('notebook.delete.channel', { ...facts, user })]),
    };
  },
};
