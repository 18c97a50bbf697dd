import type { CommandKind } from '../commands/types.js';
import type { CommandJob } from './command-job.js';
import { deleteCluster, type DeleteClusterDeps } from './delete-cluster.js';
import { deleteNotebook } from './notebook/delete-notebook.js';
import { listNotebooks } from './notebook/list-notebooks.js';
import type { NotebookDeps } from './notebook/notebook-deps.js';
import { resendPassword } from './notebook/resend-password.js';
import { startNotebook } from './notebook/start-notebook.js';
import { stopNotebook } from './notebook/stop-notebook.js';
import { provisionCluster, type ProvisionDeps } from './provision-cluster.js';
import { clusterStatus, listClusters, type ReportDeps } from './report-clusters.js';
import { listAllNotebooks } from './notebook/notebook-clusters.js';
import { ownerSummary, type OwnerSummaryDeps } from './owner-summary.js';
import { scaleCluster, type ScaleClusterDeps } from './scale-cluster.js';

/** What the jobs of each area use; the composition root builds each from its adapters. */
export interface CommandJobsDeps {
  readonly provision: ProvisionDeps;
  readonly deletion: DeleteClusterDeps;
  readonly reports: ReportDeps;
  readonly notebooks: NotebookDeps;
  readonly scale: ScaleClusterDeps;
  /** The daily summary (its notebooks are read with the notebook jobs' dependencies); absent: none. */
  readonly summary?: Omit<OwnerSummaryDeps, 'notebooks'>;
}

/** Which job runs each queued command kind, each with its own dependencies. */
export function createCommandJobs(deps: CommandJobsDeps): Partial<Record<CommandKind, CommandJob>> {
  return {
    'cluster.create': provisionCluster(deps.provision),
    'cluster.delete': deleteCluster(deps.deletion),
    'cluster.scale': scaleCluster(deps.scale),
    'cluster.list': listClusters(deps.reports),
    'cluster.status': clusterStatus(deps.reports),
    'notebook.start': startNotebook(deps.notebooks),
    'notebook.stop': stopNotebook(deps.notebooks),
    'notebook.delete': deleteNotebook(deps.notebooks),
    'notebook.list': listNotebooks(deps.notebooks),
    'notebook.password': resendPassword(deps.notebooks),
    ...(deps.summary
      ? { 'cluster.summary': ownerSummary({ ...deps.summary, notebooks: () => listAllNotebooks(deps.notebooks) }) }
      : {}),
  };
}
