import { businessError } from './api-errors.js';
import { asyncFailureForFault, startCreation } from './cluster-lifecycle.js';
import type { CsHandler } from './cs-call.js';
import { newClusterId, newId } from './ids.js';
import type { ClusterRecord, EmulatorState } from './state.js';
import { validateCreateCluster, type CreateClusterInput } from './validate-create-cluster.js';

/** POST /clusters (CreateCluster): validates, records the cluster in `initial` and starts its task. */
export const handleCreateCluster: CsHandler = (state, call) => {
  let body: unknown;
  try {
    body = JSON.parse(call.body.toString('utf8'));
  } catch {
    throw businessError(400, 'InvalidParameter', 'The request body is not valid JSON.');
  }
  const input = validateCreateCluster(body, state, call.endpointRegion);
  const cluster = buildRecord(state, input);
  state.clusters.set(cluster.clusterId, cluster);
  if (call.asyncFault !== undefined) cluster.pendingFailure = asyncFailureForFault(call.asyncFault, cluster);
  state.log(
    cluster.clusterId,
    'info',
    `Start to create cluster ${cluster.name} (${cluster.clusterType}, ${cluster.clusterSpec}) in ${cluster.regionId}`,
  );
  if (input.network.kind === 'new' && !input.snatEntry) {
    state.log(cluster.clusterId, 'warn', 'snat_entry is false in a new VPC: nodes will have no Internet access to pull images');
  }
  const task = startCreation(state, cluster);
  return { cluster_id: cluster.clusterId, request_id: call.requestId, task_id: task.taskId };
};

function buildRecord(state: EmulatorState, input: CreateClusterInput): ClusterRecord {
  const network =
    input.network.kind === 'existing'
      ? { vpcId: input.network.vpcId, vswitchIds: input.network.vswitchIds, createdByAck: false }
      : (() => {
          const vpc = state.networks.createVpc(input.regionId, input.network.zoneIds);
          return { vpcId: vpc.vpcId, vswitchIds: vpc.vswitches.map((v) => v.vswitchId), createdByAck: true };
        })();
  const firstVswitch = network.vswitchIds[0] ?? '';
  const now = state.now();
  return {
    clusterId: newClusterId(),
    name: input.name,
    regionId: input.regionId,
    zoneId: state.networks.find(firstVswitch)?.zoneId ?? '',
    clusterType: 'ManagedKubernetes',
    clusterSpec: input.clusterSpec,
    profile: input.profile,
    kubernetesVersion: input.kubernetesVersion,
    vpcId: network.vpcId,
    vswitchIds: network.vswitchIds,
    vpcCreatedByAck: network.createdByAck,
    securityGroupId: newId('sg-'),
    containerCidr: input.containerCidr,
    networkPlugin: { plugin: input.networkPlugin.plugin, networkPolicy: input.networkPlugin.networkPolicy },
    serviceCidr: input.serviceCidr,
    proxyMode: input.proxyMode,
    snatEntry: input.snatEntry,
    endpointPublicAccess: input.endpointPublicAccess,
    deletionProtection: input.deletionProtection,
    resourceGroupId: input.resourceGroupId,
    tags: input.tags,
    nodepools: input.nodepools.map((p) => ({
      ...p,
      nodepoolId: newId('np', 32),
      state: 'initial' as const,
      nodeNames: [],
      failedNodes: 0,
      created: now,
      updated: now,
    })),
    state: 'initial',
    created: now,
    updated: now,
    seq: state.takeSeq(),
    nodes: [],
    registeredInKube: false,
    apiServerIntranetIp: state.networks.allocateIp(firstVswitch),
    taskIds: [],
    timers: new Set(),
  };
}
