import type { JobAudit } from '../jobs/job-audit.js';
import { notebookNameFor } from '../jobs/notebook/notebook-name.js';
import { ownerOf } from '../queue/request.js';
import type { NotebookIdleDeps } from './notebook-idle-deps.js';

type Deps = Pick<NotebookIdleDeps, 'notebooks' | 'schedule' | 'clock' | 'log' | 'settings'> & {
  /** The namespace notebooks run in (GPUBOT_NOTEBOOK_NAMESPACE). */
  readonly namespace: string;
};

/**
 * Idle notebooks at the job runner's boundary: a notebook that started is watched from then on
 * (its first look is due once it could have been idle for the whole idle time); a stop or delete
 * ends the watch; a stop gpubot made for idleness that failed puts the notebook back under watch.
 */
export function trackNotebooks(deps: Deps): JobAudit {
  return {
    async checkpointSaved() {},
    async succeeded(request, checkpoint) {
      const command = request.command;
      if (command.kind === 'notebook.start') {
        const { clusterId, regionId } = checkpoint;
        if (!clusterId || !regionId) return;
        const name = notebookNameFor(command, request.requestId);
        const record = await deps.notebooks.watch({
          name,
          clusterId,
          regionId,
          namespace: deps.namespace,
          gpus: command.gpus,
          owner: ownerOf(request.requester),
          requester: request.requester,
          conversation: request.conversation,
          startedAt: deps.clock.now(),
        });
        await deps.schedule.lookAt(name, record.startedAt + deps.settings.idleMs);
        deps.log.info({ notebook: name }, 'idle watch started');
      } else if (command.kind === 'notebook.stop' || command.kind === 'notebook.delete') {
        await deps.schedule.cancel(command.name);
        await deps.notebooks.forget(command.name);
      }
    },
    async failed(request) {
      if (request.origin !== 'idle' || request.command.kind !== 'notebook.stop') return;
      // The notebook may still hold its GPUs: watch it again (a gone one is found gone and dropped).
      const name = request.command.name;
      const now = deps.clock.now();
      await deps.notebooks.resume(name, now);
      await deps.schedule.lookAt(name, now + deps.settings.idleMs);
    },
  };
}
