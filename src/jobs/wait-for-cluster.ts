import type { ClusterDetail, ClusterRef, TaskInfo } from '../cloud/port.js';
import { UserFacingError } from '../errors.js';
import { text, type Text } from '../i18n/text.js';
import { GONE_STATES } from './cluster-tags.js';
import type { JobDeps } from './job-context.js';
import type { ProgressTracker } from './progress-tracker.js';
import { nextInterval } from './wait.js';

/** The cloud's own name for what it is doing now: the task's current stage, or its running stage. */
function stageOf(task: TaskInfo | undefined): string | undefined {
  if (!task) return undefined;
  const running = [...task.stages].reverse().find((stage) => stage.state === 'running' || stage.state === 'Running');
  if (task.currentStage && running?.message) return `${task.currentStage}: ${running.message}`;
  return task.currentStage ?? running?.message;
}

/** Turns a failed task or cluster into a plain reason, with the last cloud log lines as evidence. */
async function explainFailure(deps: JobDeps, cluster: ClusterRef, task: TaskInfo | undefined): Promise<Text> {
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
 * Waits until ACK reports the cluster `running`, reporting each new cloud stage. Fails with an
 * explanation on a failed task or cluster, and with advice on timeout.
 */
export async function waitForCluster(
  deps: JobDeps,
  progress: ProgressTracker,
  cluster: ClusterRef & { name: string; taskId?: string; createdAt: number },
): Promise<ClusterDetail> {
  const base = deps.settings.pollIntervalMs;
  let interval = base;
  let lastStage: string | undefined;
  let lastState: string | undefined;
  for (;;) {
    const detail = await deps.cloud.describeCluster(cluster);
    if (!detail || GONE_STATES.includes(detail.state)) {
      throw new UserFacingError(
        'wait.vanished',
        text('cluster.error.vanished', { name: cluster.name, clusterId: cluster.clusterId }),
      );
    }
    const task = cluster.taskId ? await deps.cloud.describeTask(cluster.regionId, cluster.taskId) : undefined;
    if (detail.state === 'failed' || task?.state === 'failed') {
      throw new UserFacingError('wait.failed', await explainFailure(deps, cluster, task));
    }
    if (detail.state === 'running') return detail;
    const stage = stageOf(task);
    const changed = stage !== lastStage || detail.state !== lastState;
    if (changed) {
      await progress.detail(
        'wait',
        stage ? text('cluster.wait.stage', { stage, state: detail.state }) : text('cluster.wait.state', { state: detail.state }),
      );
      lastStage = stage;
      lastState = detail.state;
    }
    if (deps.now() - cluster.createdAt > deps.settings.clusterTimeoutMs) {
      throw new UserFacingError(
        'wait.timeout',
        text('cluster.error.timeout', {
          name: cluster.name,
          clusterId: cluster.clusterId,
          waited: Math.round(deps.settings.clusterTimeoutMs / 1000),
          state: detail.state,
        }),
      );
    }
    interval = nextInterval(interval, base, changed);
    await deps.sleep(interval);
  }
}
