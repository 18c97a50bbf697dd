import type { CommandKind } from '../commands/types.js';
import type { CommandJob } from './command-job.js';
import { deleteCluster } from './delete-cluster.js';
import { deleteNotebook } from './notebook/delete-notebook.js';
import { listNotebooks } from './notebook/list-notebooks.js';
import { resendPassword } from './notebook/resend-password.js';
import { startNotebook } from './notebook/start-notebook.js';
import { stopNotebook } from './notebook/stop-notebook.js';
import { provisionCluster } from './provision-cluster.js';
import { clusterStatus, listClusters } from './report-clusters.js';

/** Which job runs each queued command kind. */
export const commandJobs: Partial<Record<CommandKind, CommandJob>> = {
  'cluster.create': provisionCluster,
  'cluster.delete': deleteCluster,
  'cluster.list': listClusters,
  'cluster.status': clusterStatus,
  'notebook.start': startNotebook,
  'notebook.stop': stopNotebook,
  'notebook.delete': deleteNotebook,
  'notebook.list': listNotebooks,
  'notebook.password': resendPassword,
};
