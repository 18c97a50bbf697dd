import { text } from '../../i18n/text.js';
import { notebookSelector } from '../../kube/port.js';
import { message } from '../../messages/model.js';
import type { ChatRequest } from '../../queue/request.js';
import type { CleanUp, LeftBehind, Outcome } from '../command-job.js';
import type { Checkpoint } from '../job-context.js';

/**
 * The removal of what a start that gave up made, when it could not remove it itself (its removal
 * failed, or it never got to try: its workers died). A restarted notebook is stopped, not deleted:
 * its disk holds the owner's work from before.
 */
export function cleanUpNotebook(request: ChatRequest, checkpoint: Checkpoint, name: string, now: number): CleanUp | undefined {
  const { clusterId, regionId, clusterName, applyRequested, cleanedUp, reattach = false } = checkpoint;
  if (!applyRequested || cleanedUp || !clusterId || !regionId || !clusterName) return undefined;
  return {
    request: {
      requestId: `cleanup-${request.requestId}`,
      command: { kind: reattach ? 'notebook.stop' : 'notebook.delete', name },
      requester: request.requester,
      conversation: request.conversation,
      receivedAt: now,
      origin: 'cleanup',
      // Pinned to the start's cluster; its objects are the start's (the name was not taken by another).
      checkpoint: { regionId, clusterId, clusterName, createdAt: now, createdBy: request.requestId },
    },
    note: text('notebook.cleanup.note', { name, cluster: clusterName, keepDisk: reattach }),
  };
}

/** What a notebook clean-up that gave up may leave, and how to remove it by hand. */
export function notebookLeftBehind(request: ChatRequest, checkpoint: Checkpoint, namespace: string): LeftBehind | undefined {
  const { clusterName } = checkpoint;
  const command = request.command;
  if (!clusterName || (command.kind !== 'notebook.stop' && command.kind !== 'notebook.delete')) return undefined;
  const keepDisk = command.kind === 'notebook.stop';
  const kinds = `deployment,service,networkpolicy,secret${keepDisk ? '' : ',pvc'}`;
  const selector = notebookSelector(command.name);
  return {
    text: text('notebook.cleanup.left', { name: command.name, cluster: clusterName, namespace, keepDisk, kinds, selector }),
    summary: `notebook ${command.name} on ${clusterName} left: /notebook ${keepDisk ? 'stop' : 'delete'} ${command.name} or kubectl -n ${namespace} delete ${kinds} -l ${selector}`,
  };
}

/** The owner's message once a clean-up removed the notebook (the failed start already told the channel). */
export function notebookCleanedUp(name: string, cluster: string): Outcome {
  const facts = { name, cluster };
  return { summary: text('notebook.cleanup.done', facts), private: message('success', [text('notebook.cleanup.done', facts)]) };
}
