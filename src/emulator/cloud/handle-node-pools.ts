import { businessError } from './api-errors.js';
import { checkNodeLimits } from './check-node-limits.js';
import { asyncFailureForFault } from './cluster-lifecycle.js';
import type { CsHandler } from './cs-call.js';
import { findCluster } from './handle-cluster-reads.js';
import { newId } from './ids.js';
import { invalid } from './json-fields.js';
import { startNodePoolCreation } from './nodepool-lifecycle.js';
import { renderNodePool } from './render-node-pool.js';
import type { ClusterRecord, EmulatorState, NodePoolRecord } from './state.js';
import { validateNodePool } from './validate-nodepool.js';

function parseBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw businessError(400, 'InvalidParameter', 'The request body is not valid JSON.');
  }
}

function checkVswitches(state: EmulatorState, cluster: ClusterRecord, vswitchIds: readonly string[]): void {
  for (const id of vswitchIds) {
    const vs = state.networks.find(id);
    if (vs === undefined || vs.vpcId !== cluster.vpcId) {
      throw businessError(
        400,
        'InvalidVSwitchId.NotFound',
        `scaling_group.vswitch_ids: vSwitch ${id} is not in the cluster VPC ${cluster.vpcId}.`,
      );
    }
  }
}

/** POST /clusters/{id}/nodepools (CreateClusterNodePool): `{nodepool_id, task_id, request_id}`. */
export const handleCreateNodePool: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion);
  if (cluster.state !== 'running') {
    throw businessError(
      400,
      'ErrorClusterNotRunning',
      `cluster ${cluster.clusterId} is ${cluster.state}; node pools can be added once it is running`,
    );
  }
  const input = validateNodePool(parseBody(call.body), '');
  checkVswitches(state, cluster, input.vswitchIds);
  if (cluster.nodepools.some((p) => p.name === input.name))
    throw invalid('nodepool_info.name', `a node pool named ${input.name} already exists`);
  const nodes = cluster.nodepools.reduce((sum, p) => sum + p.desiredSize, 0) + input.desiredSize;
  checkNodeLimits(state, cluster.clusterSpec, cluster.nodepools.length + 1, nodes);
  const now = state.now();
  const pool: NodePoolRecord = {
    ...input,
    nodepoolId: newId('np', 32),
    state: 'initial',
    nodeNames: [],
    failedNodes: 0,
    created: now,
    updated: now,
  };
  if (call.asyncFault !== undefined) pool.pendingFailure = asyncFailureForFault(call.asyncFault, cluster, pool);
  cluster.nodepools.push(pool);
  state.log(cluster.clusterId, 'info', `Start to create node pool ${pool.name} (${pool.nodepoolId})`);
  const task = startNodePoolCreation(state, cluster, pool);
  return { nodepool_id: pool.nodepoolId, task_id: task.taskId, request_id: call.requestId };
};

/** GET /clusters/{id}/nodepools (DescribeClusterNodePools), optionally filtered by `NodepoolName`. */
export const handleDescribeNodePools: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion);
  const name = call.query['NodepoolName'];
  const pools = cluster.nodepools.filter((p) => name === undefined || name === '' || p.name === name);
  return { nodepools: pools.map((p) => renderNodePool(cluster, p)) };
};

/** GET /clusters/{id}/nodepools/{nodepool_id} (DescribeClusterNodePoolDetail). */
export const handleDescribeNodePoolDetail: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion);
  const pool = cluster.nodepools.find((p) => p.nodepoolId === call.params[1]);
  if (pool === undefined) throw businessError(404, 'ErrorNodePoolNotFound', `node pool ${call.params[1] ?? ''} not found`);
  return renderNodePool(cluster, pool);
};
