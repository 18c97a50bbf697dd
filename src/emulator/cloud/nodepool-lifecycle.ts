import { newTask } from './cluster-lifecycle.js';
import { placeNodes } from './place-nodes.js';
import { runStages, type StageDef } from './run-stages.js';
import type { ClusterRecord, EmulatorState, NodePoolRecord, TaskRecord } from './state.js';
import type { EmulatedNodeSpec } from './types.js';

/**
 * A node pool added to a running cluster (CreateClusterNodePool): its task scales the pool out
 * on the compressed clock. The pool is `initial`, then `scaling`, then `active` with its nodes
 * joined (or `failed` when ECS could not create them).
 */
export function startNodePoolCreation(state: EmulatorState, cluster: ClusterRecord, pool: NodePoolRecord): TaskRecord {
  const task = newTask(state, cluster, 'nodepool_create');
  task.parameters['nodepool_id'] = pool.nodepoolId;
  let placed: EmulatedNodeSpec[] = [];
  const zones = [...new Set(pool.vswitchIds.map((id) => state.networks.find(id)?.zoneId))].join(', ');
  const setState = (next: NodePoolRecord['state']) => {
    pool.state = next;
    pool.updated = state.now();
    return undefined;
  };
  const stages: StageDef[] = [
    {
      name: 'CreateScalingGroup',
      seconds: 20,
      message: `Creating the scaling group of node pool ${pool.name} on vSwitches ${pool.vswitchIds.join(', ')} (${zones}, ${pool.multiAzPolicy})`,
      onSuccess: () => setState('scaling'),
    },
  ];
  if (pool.desiredSize > 0) {
    stages.push(
      {
        name: 'CreateEcsInstances',
        seconds: 150,
        message: `Creating ECS instances: ${pool.desiredSize} x ${pool.instanceTypes.join(' | ')}`,
        check: () => {
          if (pool.pendingFailure !== undefined) return pool.pendingFailure;
          const result = placeNodes(state, cluster, [pool]);
          if ('failure' in result) return result.failure;
          placed = result.nodes;
          return undefined;
        },
      },
      {
        name: 'JoinNodes',
        seconds: 120,
        message: `Joining ${pool.desiredSize} nodes to the cluster and installing the NVIDIA device plugin`,
        onSuccess: () => {
          state.kube.addNodes(
            cluster.clusterId,
            placed.map((n) => ({ ...n })),
          );
          cluster.nodes.push(...placed);
          pool.nodeNames = placed.map((n) => n.name);
          return undefined;
        },
      },
    );
  }
  runStages(state, cluster, task, stages, (failure) => {
    if (failure !== undefined) {
      pool.failedNodes = pool.desiredSize;
      setState('failed');
      state.log(cluster.clusterId, 'error', `Node pool ${pool.name} failed to scale out: ${failure.code}: ${failure.message}`);
      return;
    }
    setState('active');
    pool.activeAt = pool.updated;
    state.log(cluster.clusterId, 'info', `Node pool ${pool.name} is active with ${pool.nodeNames.length} nodes`);
  });
  return task;
}
