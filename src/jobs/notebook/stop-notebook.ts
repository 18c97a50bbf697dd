import { UserFacingError } from '../../errors.js';
import { text } from '../../i18n/text.js';
import { message } from '../../messages/model.js';
import type { ChatRequest } from '../../queue/request.js';
import type { CommandJob } from '../command-job.js';
import { isWait } from '../wait.js';
import { diskCost } from './disk-cost.js';
import { notebookCleanedUp, notebookLeftBehind } from './clean-up-notebook.js';
import { findNotebookCluster } from './find-notebook-cluster.js';
import { releaseGpus } from './hold-gpus.js';
import { formatSize } from './format-size.js';
import type { NotebookDeps } from './notebook-deps.js';
import { removeUntilGone } from './remove-until-gone.js';

function nameOf(request: ChatRequest): string {
  if (request.command.kind !== 'notebook.stop') throw new Error(`stop-notebook got ${request.command.kind}`);
  return request.command.name;
}

/** A stop gpubot made because the notebook sat idle: its posts say so, not "at X's request". */
const idle = (request: ChatRequest) => request.origin === 'idle';

function titleKey(request: ChatRequest): string {
  if (request.origin === 'cleanup') return 'notebook.title.cleanup';
  return idle(request) ? 'notebook.title.idleStop' : 'notebook.title.stop';
}

/**
 * `/notebook stop <name>`: deletes the Deployment, Service, NetworkPolicy and Secret and waits for
 * the pod to go. The disk stays, with the owner's work on it, until `/notebook delete`.
 */
export const stopNotebook = (deps: NotebookDeps): CommandJob => ({
  title: (request) => text(titleKey(request), { name: nameOf(request) }),
  steps: [
    { id: 'find', label: text('notebook.step.find') },
    { id: 'delete', label: text('notebook.step.delete') },
  ],
  async run(context, progress) {
    const name = nameOf(context.request);
    const settings = deps.notebook;
    const { namespace } = settings;
    await progress.start('find');
    const access = await findNotebookCluster(context, deps, context.request, name);
    await progress.done('find', text('notebook.find.found', { name, cluster: access.cluster.name }));
    await progress.start('delete');
    const notebooks = access.kube.notebooks;
    const gone = await removeUntilGone(context, progress, {
      what: 'notebook',
      step: 'delete',
      remove: () => notebooks.remove(namespace, name),
      isGone: async () => (await notebooks.countPods(namespace, name)) === 0,
      timeoutMs: settings.timeoutMs,
      timeout: () =>
        new UserFacingError('notebook.stop_timeout', text('notebook.error.stopTimeout', { name, cluster: access.cluster.name })),
    });
    if (isWait(gone)) return gone;
    await releaseGpus(deps, context.checkpoint.createdBy);
    await progress.done('delete', text('notebook.stop.gone'));
    if (context.request.origin === 'cleanup') return notebookCleanedUp(name, access.cluster.name);
    const info = await notebooks.find(namespace, name);
    const facts = {
      name,
      cluster: access.cluster.name,
      user: context.request.requester.displayName ?? context.request.requester.userId,
    };
    const kept = info?.stopped
      ? [
          text('notebook.stop.diskKept', { name, size: formatSize(info.storage ?? settings.storage.size) }),
          diskCost(settings, info.storage),
        ]
      : [];
    if (idle(context.request)) {
      const why = context.request.activityUnreadable ? 'unreadable' : 'idle';
      return {
        summary: text('notebook.stop.summary', facts),
        channel: message('success', [text(`notebook.stop.${why}Channel`, { ...facts, kept: kept.length > 0 })]),
        private: message('info', [text(`notebook.stop.${why}Private`, { name }), ...kept], {
          title: text('notebook.stop.summary', facts),
        }),
      };
    }
    return {
      summary: text('notebook.stop.summary', facts),
      channel: message('success', [text('notebook.stop.channel', { ...facts, kept: kept.length > 0 })]),
      ...(kept.length > 0 ? { private: message('info', kept, { title: text('notebook.stop.summary', facts) }) } : {}),
    };
  },
  leftBehind: (request, checkpoint) => notebookLeftBehind(request, checkpoint, deps.notebook.namespace),
});
