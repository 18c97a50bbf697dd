import { newId, newTaskId } from './ids.js';
import { noStock, placeNodes } from './place-nodes.js';
import type { StageDef } from './run-stages.js';
import { runStages } from './run-stages.js';
import type { AsyncFailure, ClusterRecord, EmulatorState, NodePoolRecord, TaskRecord } from './state.js';
import type { CloudNetwork } from '../kube/types.js';
import type { EmulatedNodeSpec } from './types.js';

/**
 * Creation on the compressed clock. Emulated durations add up to about 9-10 minutes, which is what ACK
 * documents for a managed cluster with GPU nodes ("approximately 10 minutes").
 */
export function startCreation(state: EmulatorState, cluster: ClusterRecord): TaskRecord {
  const task = newTask(state, cluster, 'cluster_create');
  let placed: EmulatedNodeSpec[] = [];
  const workers = cluster.nodepools.reduce((n, p) => n + p.desiredSize, 0);
  const types = [...new Set(cluster.nodepools.flatMap((p) => p.instanceTypes.slice(0, 1)))].join(', ');
  const zones = [...new Set(cluster.vswitchIds.map((id) => state.networks.find(id)?.zoneId))].join(', ');

  const stages: StageDef[] = [
    cluster.vpcCreatedByAck
      ? {
          name: 'CreateVpc',
          seconds: 20,
          message: `Creating VPC ${cluster.vpcId} and vSwitches ${cluster.vswitchIds.join(', ')} in ${zones}`,
        }
      : { name: 'CheckVpc', seconds: 5, message: `Checking VPC ${cluster.vpcId} and vSwitches ${cluster.vswitchIds.join(', ')}` },
    { name: 'CreateSecurityGroup', seconds: 10, message: `Creating security group ${cluster.securityGroupId}` },
  ];
  if (cluster.snatEntry) {
    stages.push({
      name: 'CreateNatGateway',
      seconds: 45,
      message: `Creating NAT gateway ${newId('ngw-')} with EIP ${newId('eip-')} and SNAT entries for the vSwitches`,
    });
  }
  stages.push(
    {
      name: 'CreateApiServerSlb',
      seconds: 30,
      message: `Creating API server SLB ${newId('lb-')}${cluster.endpointPublicAccess ? ' and binding an EIP for public access' : ' (intranet only)'}`,
    },
    {
      name: 'CreateControlPlane',
      seconds: 180,
      message: `Provisioning the managed control plane (Kubernetes ${cluster.kubernetesVersion})`,
    },
  );
  if (workers > 0) {
    stages.push(
      {
        name: 'CreateEcsInstances',
        seconds: 150,
        message: `Creating ECS instances: ${workers} x ${types}`,
        check: () => {
          if (cluster.pendingFailure !== undefined) return cluster.pendingFailure;
          const result = placeNodes(state, cluster);
          if ('failure' in result) return result.failure;
          placed = result.nodes;
          return undefined;
        },
        onSuccess: () => {
          cluster.nodes = placed;
          return undefined;
        },
      },
      {
        name: 'JoinNodes',
        seconds: 120,
        message: `Joining ${workers} nodes to the cluster and installing the NVIDIA device plugin`,
        onSuccess: () => registerInKube(state, cluster),
      },
    );
  } else {
    stages.push({
      name: 'InitCluster',
      seconds: 20,
      message: 'Installing cluster add-ons',
      // Without workers, an armed quota or balance fault (NAT gateway, EIP) surfaces here.
      check: () => cluster.pendingFailure,
      onSuccess: () => registerInKube(state, cluster),
    });
  }

  runStages(state, cluster, task, stages, (failure) => {
    cluster.updated = state.now();
    if (failure !== undefined) {
      cluster.state = 'failed';
      state.log(cluster.clusterId, 'error', `Cluster creation failed: ${failure.code}: ${failure.message}`);
      return;
    }
    cluster.state = 'running';
    cluster.runningAt = cluster.updated;
    for (const pool of cluster.nodepools) {
      pool.state = 'active';
      pool.nodeNames = cluster.nodes.filter((n) => n.nodepoolId === pool.nodepoolId).map((n) => n.name);
      pool.updated = state.now();
      pool.activeAt = pool.updated;
    }
    state.log(cluster.clusterId, 'info', `Cluster ${cluster.name} is running with ${cluster.nodes.length} worker nodes`);
  });
  return task;
}

/** What the cluster's cloud controller needs to place load balancers: the VPC's vSwitches and zones. */
export function cloudNetworkOf(state: EmulatorState, cluster: ClusterRecord): CloudNetwork {
  return {
    regionId: cluster.regionId,
    regionZones: state.regions.zones(cluster.regionId).length,
    vswitches: state.networks.list({ vpcId: cluster.vpcId }).map((vs) => ({ vswitchId: vs.vswitchId, zoneId: vs.zoneId })),
  };
}

function registerInKube(state: EmulatorState, cluster: ClusterRecord): AsyncFailure | undefined {
  try {
    const { kubeconfig } = state.kube.addCluster({
      clusterId: cluster.clusterId,
      nodes: cluster.nodes.map((n) => ({ ...n })),
      vpc: cloudNetworkOf(state, cluster),
      network: cluster.networkPlugin,
    });
    cluster.kubeconfig = kubeconfig;
    cluster.registeredInKube = true;
    return undefined;
  } catch (error) {
    state.logger?.warn({ clusterId: cluster.clusterId, err: String(error) }, 'kube registry rejected emulated cluster');
    return { code: 'InternalError', message: 'The nodes failed to join the cluster.' };
  }
}

/** Maps a CreateCluster fault to the asynchronous failure ACK reports at the ECS stage. */
export function asyncFailureForFault(
  fault: 'stock-out' | 'quota' | 'insufficient-balance',
  cluster: ClusterRecord,
  pool: NodePoolRecord | undefined = cluster.nodepools[0],
): AsyncFailure {
  if (fault === 'stock-out') {
    const type = pool?.instanceTypes[0] ?? 'the requested instance type';
    return noStock(`${type} is sold out in zone ${cluster.zoneId} (WithoutStock); choose another zone or instance type`);
  }
  if (fault === 'quota') {
    return {
      code: 'QuotaExceed.ElasticQuota',
      message: `The pay-as-you-go vCPU quota in ${cluster.regionId} is exceeded. Request more in Quota Center.`,
    };
  }
  return { code: 'InsufficientBalance', message: 'Your account does not have enough balance to create pay-as-you-go instances.' };
}

export function startDeletion(state: EmulatorState, cluster: ClusterRecord, retainAll: boolean): TaskRecord {
  // Interrupt tasks in progress: ACK lets you delete a cluster that is still being created.
  for (const timer of cluster.timers) state.cancel(timer);
  cluster.timers.clear();
  for (const running of cluster.taskIds.map((id) => state.tasks.get(id))) {
    if (running === undefined || running.state !== 'running') continue;
    running.state = 'failed';
    running.error = { code: 'TaskCanceled', message: 'The cluster was deleted while this task ran.' };
    for (const stage of running.stages)
      if (stage.state === 'running') Object.assign(stage, { state: 'failed', endTime: state.now() });
  }
  if (cluster.registeredInKube) {
    state.kube.removeCluster(cluster.clusterId);
    cluster.registeredInKube = false;
  }
  cluster.state = 'deleting';
  cluster.updated = state.now();
  const task = newTask(state, cluster, 'cluster_delete');
  const keep = retainAll ? ' (retained: retain_all_resources)' : '';
  const stages: StageDef[] = [];
  if (cluster.nodes.length > 0)
    stages.push({ name: 'DeleteNodes', seconds: 60, message: `Releasing ${cluster.nodes.length} ECS instances` });
  stages.push({ name: 'DeleteApiServerSlb', seconds: 20, message: `Deleting the API server SLB${keep}` });
  if (cluster.snatEntry)
    stages.push({ name: 'DeleteNatGateway', seconds: 30, message: `Deleting the NAT gateway and EIP${keep}` });
  stages.push({ name: 'DeleteSecurityGroup', seconds: 10, message: `Deleting security group ${cluster.securityGroupId}${keep}` });
  if (cluster.vpcCreatedByAck) stages.push({ name: 'DeleteVpc', seconds: 15, message: `Deleting VPC ${cluster.vpcId}${keep}` });

  runStages(state, cluster, task, stages, (failure) => {
    if (failure !== undefined) {
      cluster.state = 'delete_failed';
      return;
    }
    cluster.nodes = [];
    // ACK reports `deleted` for a while before the cluster is not found at all.
    cluster.state = 'deleted';
    cluster.deletedAt = state.now();
    cluster.updated = state.now();
    state.log(cluster.clusterId, 'info', `Cluster ${cluster.name} deleted`);
    state.schedule(state.deletedVisibleSeconds, () => state.clusters.delete(cluster.clusterId));
  });
  return task;
}

export function newTask(state: EmulatorState, cluster: ClusterRecord, taskType: TaskRecord['taskType']): TaskRecord {
  const now = state.now();
  const task: TaskRecord = {
    taskId: newTaskId(),
    clusterId: cluster.clusterId,
    taskType,
    state: 'running',
    stages: [],
    created: now,
    updated: now,
    parameters: { cluster_id: cluster.clusterId, region_id: cluster.regionId },
  };
  state.tasks.set(task.taskId, task);
  cluster.taskIds.push(task.taskId);
  return task;
}
