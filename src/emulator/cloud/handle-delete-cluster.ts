import { businessError } from './api-errors.js';
import { startDeletion } from './cluster-lifecycle.js';
import type { CsHandler } from './cs-call.js';
import { findCluster } from './handle-cluster-reads.js';

const RESOURCE_TYPES = ['SLB', 'ALB', 'SLS_Data', 'SLS_ControlPlane', 'PrivateZone'];

/** DELETE /clusters/{id}: `{cluster_id, request_id, task_id}`; the cluster stays `deleting` until its task ends. */
export const handleDeleteCluster: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion);
  if (call.query['keep_slb'] !== undefined) {
    throw businessError(
      400,
      'ErrorParameterDeprecated',
      'Parameter keep_slb is deprecated; use delete_options [{"resource_type":"SLB","delete_mode":"retain"}].',
    );
  }
  const retainAll = parseBool(call.query['retain_all_resources'], 'retain_all_resources');
  parseDeleteOptions(call.query['delete_options']);
  if (cluster.deletionProtection) {
    throw businessError(
      400,
      'ErrorDeletionProtection',
      `Deletion protection is enabled for cluster ${cluster.clusterId}; disable it before deleting.`,
    );
  }
  if (cluster.state === 'deleting') {
    // A repeated delete reports the deletion already under way instead of starting another.
    const running = [...cluster.taskIds].reverse().find((id) => state.tasks.get(id)?.taskType === 'cluster_delete');
    return { cluster_id: cluster.clusterId, request_id: call.requestId, task_id: running ?? '' };
  }
  state.log(cluster.clusterId, 'info', `Start to delete cluster ${cluster.name}${retainAll ? ' (retaining all resources)' : ''}`);
  const task = startDeletion(state, cluster, retainAll);
  return { cluster_id: cluster.clusterId, request_id: call.requestId, task_id: task.taskId };
};

function parseBool(raw: string | undefined, name: string): boolean {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw businessError(400, 'InvalidParameter', `${name} must be true or false.`);
}

/** `delete_options` arrives as a JSON string in the query (the SDKs serialise the array that way). */
function parseDeleteOptions(raw: string | undefined): void {
  if (raw === undefined || raw === '') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw businessError(400, 'InvalidParameter', 'delete_options must be a JSON array of {resource_type, delete_mode}.');
  }
  if (!Array.isArray(parsed)) throw businessError(400, 'InvalidParameter', 'delete_options must be a JSON array.');
  for (const item of parsed as unknown[]) {
    const o = (item ?? {}) as Record<string, unknown>;
    if (!RESOURCE_TYPES.includes(String(o['resource_type'])) || !['delete', 'retain'].includes(String(o['delete_mode']))) {
      throw businessError(
        400,
        'InvalidParameter',
        `delete_options items need resource_type in ${RESOURCE_TYPES.join('/')} and delete_mode delete or retain.`,
      );
    }
  }
}
