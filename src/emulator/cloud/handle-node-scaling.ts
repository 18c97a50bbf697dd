import { createHash } from 'node:crypto';
import { businessError } from './api-errors.js';
import { checkNodeLimits } from './check-node-limits.js';
import { newTask } from './cluster-lifecycle.js';
import type { CsHandler } from './cs-call.js';
import { findCluster } from './handle-cluster-reads.js';
import { formatAckTime } from './ids.js';
import { invalid } from './json-fields.js';
import { placeNodes } from './place-nodes.js';
import { runStages, type StageDef } from './run-stages.js';
import type { ClusterRecord, NodePoolRecord } from './state.js';
import type { EmulatedNodeSpec } from './types.js';

/** ScaleClusterNodePool adds at most this many nodes per call. */
const MAX_SCALE_OUT = 500;

/** A node's ECS instance id: stable for the node, as ACK's `instance_id` is. */
export function instanceIdOf(clusterId: string, nodeName: string): string {
  return `i-${createHash('sha256').update(`${clusterId}/${nodeName}`).digest('hex').slice(0, 20)}`;
}

function findPool(cluster: ClusterRecord, nodepoolId: string | undefined): NodePoolRecord {
  const pool = cluster.nodepools.find((p) => p.nodepoolId === nodepoolId);
  if (pool === undefined) throw businessError(404, 'ErrorNodePoolNotFound', `node pool ${nodepoolId ?? ''} not found`);
  return pool;
}

function requireActive(cluster: ClusterRecord, pool: NodePoolRecord): void {
  if (cluster.state !== 'running') {
    throw businessError(400, 'ErrorClusterNotRunning', `cluster ${cluster.clusterId} is ${cluster.state}`);
  }
  if (pool.state !== 'active') {
    throw businessError(
      400,
      'ErrorNodePoolNotActive',
      `node pool ${pool.nodepoolId} is ${pool.state}; try again once it is active`,
    );
  }
}

function parseBody(body: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw businessError(400, 'InvalidParameter', 'The request body is not a JSON object.');
}

/** POST /clusters/{id}/nodepools/{nodepool_id} (ScaleClusterNodePool): body `{"count": <nodes to add>}`; `{task_id}`. */
export const handleScaleNodePool: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion);
  const pool = findPool(cluster, call.params[1]);
  const count = parseBody(call.body)['count'];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_SCALE_OUT) {
    throw invalid('count', `must be a whole number of nodes to add, 1 to ${MAX_SCALE_OUT}`);
  }
  requireActive(cluster, pool);
  const nodes = cluster.nodepools.reduce((sum, p) => sum + p.desiredSize, 0) + count;
  checkNodeLimits(state, cluster.clusterSpec, cluster.nodepools.length, nodes);
  pool.desiredSize += count;
  pool.state = 'scaling';
  pool.updated = state.now();
  state.log(cluster.clusterId, 'info', `Start to scale out node pool ${pool.name} by ${count} nodes`);
  const task = newTask(state, cluster, 'nodepool_scaleout');
  task.parameters['nodepool_id'] = pool.nodepoolId;
  let placed: EmulatedNodeSpec[] = [];
  const stages: StageDef[] = [
    {
      name: 'CreateEcsInstances',
      seconds: 150,
      message: `Creating ECS instances: ${count} x ${pool.instanceTypes.join(' | ')}`,
      check: () => {
        const result = placeNodes(state, cluster, [{ ...pool, desiredSize: count }]);
        if ('failure' in result) return result.failure;
        placed = result.nodes;
        return undefined;
      },
    },
    {
      name: 'JoinNodes',
      seconds: 120,
      message: `Joining ${count} nodes to the cluster`,
      onSuccess: () => {
        state.kube.addNodes(
          cluster.clusterId,
          placed.map((n) => ({ ...n })),
        );
        cluster.nodes.push(...placed);
        pool.nodeNames.push(...placed.map((n) => n.name));
        return undefined;
      },
    },
  ];
  runStages(state, cluster, task, stages, (failure) => {
    pool.updated = state.now();
    if (failure !== undefined) {
      // ACK keeps the pool; the nodes it could not create are counted as failed.
      pool.desiredSize -= count;
      pool.failedNodes += count;
      pool.state = 'active';
      state.log(cluster.clusterId, 'error', `Node pool ${pool.name} failed to scale out: ${failure.code}: ${failure.message}`);
      return;
    }
    pool.state = 'active';
    state.log(cluster.clusterId, 'info', `Node pool ${pool.name} is active with ${pool.nodeNames.length} nodes`);
  });
  return { task_id: task.taskId, request_id: call.requestId };
};

function parseInstanceIds(raw: string | undefined): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw invalid('instance_ids', 'must be a JSON array of ECS instance ids, e.g. ["i-bp1..."]');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((id) => typeof id === 'string' && id !== '')) {
    throw invalid('instance_ids', 'must be a non-empty JSON array of ECS instance ids');
  }
  return [...new Set(parsed as string[])];
}

/**
 * DELETE /clusters/{id}/nodepools/{nodepool_id}/nodes (RemoveNodePoolNodes): query `instance_ids`
 * (a JSON array), `release_node`, `drain_node`; the pool's desired size goes down with them; `{task_id}`.
 */
export const handleRemoveNodePoolNodes: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion);
  const pool = findPool(cluster, call.params[1]);
  const ids = parseInstanceIds(call.query['instance_ids']);
  requireActive(cluster, pool);
  const byId = new Map(pool.nodeNames.map((name) => [instanceIdOf(cluster.clusterId, name), name]));
  const strangers = ids.filter((id) => !byId.has(id));
  if (strangers.length > 0) {
    throw businessError(
      400,
      'ErrorNodeNotFound',
      `instances ${strangers.join(', ')} are not nodes of node pool ${pool.nodepoolId}`,
    );
  }
  const names = ids.map((id) => byId.get(id) as string);
  const drain = call.query['drain_node'] !== 'false';
  pool.desiredSize -= names.length;
  pool.state = 'removing';
  pool.updated = state.now();
  state.log(cluster.clusterId, 'info', `Start to remove ${names.length} nodes from node pool ${pool.name}`);
  const task = newTask(state, cluster, 'nodepool_remove');
  task.parameters['nodepool_id'] = pool.nodepoolId;
  const stages: StageDef[] = [
    ...(drain ? [{ name: 'DrainNodes', seconds: 60, message: `Draining ${names.join(', ')}` }] : []),
    {
      name: 'RemoveNodes',
      seconds: 60,
      message: `Removing ${names.length} nodes${call.query['release_node'] === 'true' ? ' and releasing their ECS instances' : ''}`,
      onSuccess: () => {
        state.kube.removeNodes(cluster.clusterId, names);
        cluster.nodes = cluster.nodes.filter((n) => !names.includes(n.name));
        pool.nodeNames = pool.nodeNames.filter((name) => !names.includes(name));
        return undefined;
      },
    },
  ];
  runStages(state, cluster, task, stages, () => {
    pool.state = 'active';
    pool.updated = state.now();
    state.log(cluster.clusterId, 'info', `Node pool ${pool.name} is active with ${pool.nodeNames.length} nodes`);
  });
  return { task_id: task.taskId, request_id: call.requestId };
};

/** GET /clusters/{id}/nodes (DescribeClusterNodes): query `nodepool_id`, `pageSize`, `pageNumber` (camelCase). */
export const handleDescribeClusterNodes: CsHandler = (state, call) => {
  const cluster = findCluster(state, call.params[0] ?? '', call.endpointRegion);
  const poolId = call.query['nodepool_id'];
  const pools = cluster.nodepools.filter((p) => poolId === undefined || poolId === '' || p.nodepoolId === poolId);
  const pageSize = Math.min(100, Math.max(1, Number(call.query['pageSize'] ?? 10) || 10));
  const pageNumber = Math.max(1, Number(call.query['pageNumber'] ?? 1) || 1);
  const all = pools.flatMap((pool) =>
    pool.nodeNames.map((name) => {
      const node = cluster.nodes.find((n) => n.name === name);
      return {
        instance_id: instanceIdOf(cluster.clusterId, name),
        node_name: name,
        nodepool_id: pool.nodepoolId,
        instance_type: node?.instanceType ?? pool.instanceTypes[0] ?? '',
        instance_role: 'Worker',
        instance_charge_type: pool.instanceChargeType,
        instance_status: 'Running',
        state: pool.state === 'removing' ? 'removing' : 'running',
        node_status: 'Ready',
        zone_id: node?.zoneId ?? '',
        creation_time: formatAckTime(pool.created),
      };
    }),
  );
  return {
    nodes: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    page: { page_number: pageNumber, page_size: pageSize, total_count: all.length },
  };
};
