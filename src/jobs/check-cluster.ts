import type { CloudProvider, ClusterDetail, ClusterRef, TaskInfo } from '../cloud/port.js';
import { text, type Text } from '../i18n/text.js';
import { GONE_STATES } from './cluster-tags.js';
import { failed, pending, ready, type WaitDecision } from './wait-decision.js';

export type ClusterLookDeps = { readonly cloud: Pick<CloudProvider, 'describeCluster' | 'describeTask' | 'clusterLogs'> };

/** The cloud's own name for what it is doing now: the task's current stage, or its running stage. */
function stageOf(task: TaskInfo | undefined): string | undefined {
  if (!task) return undefined;
  const running = [...task.stages].reverse().find((stage) => stage.state === 'running' || stage.state === 'Running');
  if (task.currentStage && running?.message) return `${task.currentStage}: ${running.message}`;
  return task.currentStage ?? running?.message;
}

/** Turns a failed task or cluster into a plain reason, with the last cloud log lines as evidence. */
async function explainFailure(deps: ClusterLookDeps, cluster: ClusterRef, task: TaskInfo | undefined): Promise<Text> {
  const logs = await deps.cloud.clusterLogs(cluster).catch(() => [] as string[]);
  const evidence = logs
    .slice(-3)
    .map((line) => line.slice(0, 200))
    .join(' | ');
  if (task?.error) {
    return text('cluster.error.creationFailed', {
      reason: `${task.error.code}: ${task.error.message}`.slice(0, 300),
      // The advice table is keyed like the adapter's error codes: `cloud.<failure>`.
      advice: `cloud.${task.error.failure}`,
      logs: evidence,
    });
  }
  return text('cluster.error.creationFailed', { reason: 'state failed', advice: '', logs: evidence });
}

/**
 * One look at a cluster being created: ready with its detail once ACK says `running`; failed (with
 * the cloud's reason and log lines) when its task or the cluster failed, or it vanished; otherwise
 * pending, with the cloud's current stage to show.
 */
export async function checkCluster(
  deps: ClusterLookDeps,
  cluster: ClusterRef & { readonly name: string; readonly taskId?: string },
): Promise<WaitDecision<ClusterDetail>> {
  const detail = await deps.cloud.describeCluster(cluster);
  if (!detail || GONE_STATES.includes(detail.state)) {
    return failed('wait.vanished', text('cluster.error.vanished', { name: cluster.name, clusterId: cluster.clusterId }));
  }
  const task = cluster.taskId ? await deps.cloud.describeTask(cluster.regionId, cluster.taskId) : undefined;
  if (detail.state === 'failed' || task?.state === 'failed') {
    return failed('wait.failed', await explainFailure(deps, cluster, task));
  }
  if (detail.state === 'running') return ready(detail);
  const stage = stageOf(task);
  return pending(
    stage ? text('cluster.wait.stage', { stage, state: detail.state }) : text('cluster.wait.state', { state: detail.state }),
    JSON.stringify([stage, detail.state]),
  );
}
