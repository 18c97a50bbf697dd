import type { AsyncFailure, ClusterRecord, EmulatorState, StageRecord, TaskRecord } from './state.js';

export interface StageDef {
  /** CamelCase stage name, reported as the task's `current_stage`. */
  name: string;
  /** Emulated duration in seconds. */
  seconds: number;
  message: string;
  /** Decides, when the stage starts, whether it will fail (e.g. no stock). */
  check?: () => AsyncFailure | undefined;
  onSuccess?: () => AsyncFailure | undefined;
}

/** Emulated seconds a failing stage runs before it gives up (ECS answers NoStock quickly). */
const FAIL_AFTER_SECONDS = 15;

/**
 * Runs stages one after the other on the compressed clock, recording them on the task and in the
 * cluster log. Pending timers are kept on the cluster so deletion can interrupt its tasks.
 */
export function runStages(
  state: EmulatorState,
  cluster: ClusterRecord,
  task: TaskRecord,
  stages: readonly StageDef[],
  done: (failure: AsyncFailure | undefined) => void,
): void {
  const step = (index: number): void => {
    const def = stages[index];
    if (def === undefined) {
      finishTask(state, task, undefined);
      done(undefined);
      return;
    }
    const stage: StageRecord = { name: def.name, state: 'running', startTime: state.now(), message: def.message };
    task.stages.push(stage);
    task.updated = stage.startTime;
    state.log(cluster.clusterId, 'info', `${def.name}: ${def.message}`);
    const failure = def.check?.();
    const seconds = failure === undefined ? def.seconds : FAIL_AFTER_SECONDS;
    const timer = state.schedule(seconds, () => {
      cluster.timers.delete(timer);
      const lateFailure = failure ?? def.onSuccess?.();
      stage.endTime = state.now();
      if (lateFailure !== undefined) {
        stage.state = 'failed';
        stage.message = `${def.message}: ${lateFailure.code}: ${lateFailure.message}`;
        state.log(cluster.clusterId, 'error', `${def.name} failed: ${lateFailure.code}: ${lateFailure.message}`);
        finishTask(state, task, lateFailure);
        done(lateFailure);
        return;
      }
      stage.state = 'success';
      state.log(cluster.clusterId, 'info', `${def.name} succeeded`);
      step(index + 1);
    });
    cluster.timers.add(timer);
  };
  step(0);
}

function finishTask(state: EmulatorState, task: TaskRecord, failure: AsyncFailure | undefined): void {
  task.state = failure === undefined ? 'success' : 'failed';
  if (failure !== undefined) task.error = failure;
  task.updated = state.now();
}
