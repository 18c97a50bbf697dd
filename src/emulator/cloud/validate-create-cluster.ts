import { validateNetworkPlugin, type NetworkPluginChoice } from './validate-network-plugin.js';
import { businessError } from './api-errors.js';
import { DEPRECATED_CREATE_FIELDS } from './deprecated-create-fields.js';
import { invalid, isObject, missing, optBool, optString, optStringArray, reqString, type Json } from './json-fields.js';
import { checkNodeLimits } from './check-node-limits.js';
import type { EmulatorState } from './state.js';
import { validateNodePool, type NodePoolInput } from './validate-nodepool.js';

export type NetworkChoice = { kind: 'existing'; vpcId: string; vswitchIds: string[] } | { kind: 'new'; zoneIds: string[] };

export interface CreateClusterInput {
  name: string;
  regionId: string;
  clusterSpec: string;
  profile: string;
  kubernetesVersion: string;
  network: NetworkChoice;
  networkPlugin: NetworkPluginChoice;
  containerCidr: string;
  serviceCidr: string;
  proxyMode: string;
  snatEntry: boolean;
  endpointPublicAccess: boolean;
  deletionProtection: boolean;
  resourceGroupId: string;
  tags: { key: string; value: string }[];
  nodepools: NodePoolInput[];
}

const CLUSTER_SPECS = ['ack.standard', 'ack.pro.small', 'ack.pro.xlarge', 'ack.pro.2xlarge', 'ack.pro.4xlarge'];
export const DEFAULT_K8S_VERSION = '1.32.1-aliyun.1';
const NAME_RE = /^(?!-)[\p{L}\p{N}_-]{1,63}$/u;
const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Checks a CreateCluster body the way ACK does after the 2026 API change; throws the 400 it would
 * answer. `endpointRegion` is the region of the endpoint called (undefined: the central endpoint).
 */
export function validateCreateCluster(body: unknown, state: EmulatorState, endpointRegion?: string): CreateClusterInput {
  if (!isObject(body)) throw invalid('body', 'must be a JSON object');
  for (const field of Object.keys(body)) {
    const replacement = DEPRECATED_CREATE_FIELDS[field];
    if (replacement !== undefined) {
      throw businessError(
        400,
        'ErrorParameterDeprecated',
        `Parameter ${field} is deprecated and no longer accepted; use ${replacement} instead.`,
      );
    }
  }
  const clusterType = reqString(body, 'cluster_type');
  if (clusterType === 'Kubernetes') {
    throw businessError(
      400,
      'ErrorClusterTypeDiscontinued',
      'ACK dedicated cluster creation has been discontinued; create cluster_type ManagedKubernetes instead.',
    );
  }
  if (clusterType !== 'ManagedKubernetes') throw invalid('cluster_type', 'this region supports ManagedKubernetes only');
  const profile = optString(body, 'profile') ?? 'Default';
  if (profile !== 'Default') throw invalid('profile', 'only Default is supported for ManagedKubernetes here');
  const clusterSpec = optString(body, 'cluster_spec') ?? 'ack.standard';
  if (!CLUSTER_SPECS.includes(clusterSpec)) throw invalid('cluster_spec', `must be one of ${CLUSTER_SPECS.join(', ')}`);

  const name = reqString(body, 'name');
  if (!NAME_RE.test(name))
    throw invalid('name', '1-63 letters, digits, Chinese characters, underscores or hyphens, not starting with a hyphen');
  const regionId = reqString(body, 'region_id');
  if (!state.regions.hasRegion(regionId)) throw invalid('region_id', `unknown region ${regionId}`);
  if (endpointRegion !== undefined && endpointRegion !== regionId) {
    throw invalid('region_id', `${regionId} is not served by the ${endpointRegion} endpoint; call cs.${regionId}.aliyuncs.com`);
  }
  const kubernetesVersion = optString(body, 'kubernetes_version') ?? DEFAULT_K8S_VERSION;
  if (!/^\d+\.\d+\.\d+-aliyun\.\d+$/.test(kubernetesVersion))
    throw invalid('kubernetes_version', 'expected e.g. 1.32.1-aliyun.1');

  const network = validateNetwork(body, regionId, state);
  const networkPlugin = validateNetworkPlugin(body, network, state);
  const rawPools = body['nodepools'] ?? [];
  if (!Array.isArray(rawPools)) throw invalid('nodepools', 'must be an array');
  const nodepools = rawPools.map((p, i) => validateNodePool(p, `nodepools[${i}]`));
  checkPoolVswitches(nodepools, network, state);

  const input: CreateClusterInput = {
    name,
    regionId,
    clusterSpec,
    profile,
    kubernetesVersion,
    network,
    networkPlugin,
    containerCidr: cidr(body, 'container_cidr', '172.20.0.0/16'),
    serviceCidr: cidr(body, 'service_cidr', '172.21.0.0/20'),
    proxyMode: optString(body, 'proxy_mode') ?? 'ipvs',
    snatEntry: optBool(body, 'snat_entry') ?? false,
    endpointPublicAccess: optBool(body, 'endpoint_public_access') ?? false,
    deletionProtection: optBool(body, 'deletion_protection') ?? false,
    resourceGroupId: optString(body, 'resource_group_id') ?? 'rg-default',
    tags: validateTags(body),
    nodepools,
  };
  checkQuotas(input, state);
  return input;
}

function validateNetwork(body: Json, regionId: string, state: EmulatorState): NetworkChoice {
  const vpcId = optString(body, 'vpcid');
  const vswitchIds = optStringArray(body, 'vswitch_ids') ?? [];
  const zoneIds = optStringArray(body, 'zone_ids') ?? [];
  if (vpcId !== undefined && zoneIds.length > 0) throw invalid('zone_ids', 'set either vpcid + vswitch_ids or zone_ids');
  if (vpcId !== undefined) {
    if (vswitchIds.length === 0) throw missing('vswitch_ids');
    for (const id of vswitchIds) {
      const vs = state.networks.find(id);
      if (vs === undefined || vs.vpcId !== vpcId || vs.regionId !== regionId) {
        throw businessError(400, 'InvalidVSwitchId.NotFound', `The vSwitch ${id} does not exist in VPC ${vpcId} of ${regionId}.`);
      }
    }
    return { kind: 'existing', vpcId, vswitchIds };
  }
  if (vswitchIds.length > 0) throw missing('vpcid');
  if (zoneIds.length === 0) throw missing('vpcid and vswitch_ids, or zone_ids');
  for (const zoneId of zoneIds) {
    if (!state.regions.zones(regionId).includes(zoneId)) throw invalid('zone_ids', `${zoneId} is not a zone of ${regionId}`);
  }
  return { kind: 'new', zoneIds: [...new Set(zoneIds)] };
}

function checkPoolVswitches(pools: NodePoolInput[], network: NetworkChoice, state: EmulatorState): void {
  pools.forEach((pool, i) => {
    for (const id of pool.vswitchIds) {
      const vs = state.networks.find(id);
      // With zone_ids the VPC does not exist yet, so node pools must use the vSwitches ACK creates.
      if (network.kind === 'new' || vs === undefined || vs.vpcId !== network.vpcId) {
        throw businessError(
          400,
          'InvalidVSwitchId.NotFound',
          `nodepools[${i}].scaling_group.vswitch_ids: vSwitch ${id} is not in the cluster VPC.`,
        );
      }
    }
  });
}

function cidr(body: Json, key: string, fallback: string): string {
  const value = optString(body, key) ?? fallback;
  const m = CIDR_RE.exec(value);
  if (m === null || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32)
    throw invalid(key, 'must be an IPv4 CIDR block');
  return value;
}

function validateTags(body: Json): { key: string; value: string }[] {
  return validateTagList(body['tags'] ?? [], 'tags');
}

/** A cluster's tags (CreateCluster `tags`, the ModifyClusterTags body): at most 20 `{key, value}`. */
export function validateTagList(raw: unknown, field: string): { key: string; value: string }[] {
  if (!Array.isArray(raw) || raw.length > 20) throw invalid(field, 'must be an array of at most 20 {key, value} items');
  return raw.map((t, i) => {
    if (!isObject(t)) throw invalid(`${field}[${i}]`, 'must be an object');
    const key = reqString(t, 'key', `${field}[${i}].key`);
    if (key.startsWith('acs:') || key.startsWith('aliyun'))
      throw invalid(`${field}[${i}].key`, 'must not start with acs: or aliyun');
    return { key, value: optString(t, 'value', `${field}[${i}].value`) ?? '' };
  });
}

/** ACK Basic ("personal testing or learning only"): 2 clusters per account, not raisable. */
export const BASIC_MAX_CLUSTERS = 2;

function checkQuotas(input: CreateClusterInput, state: EmulatorState): void {
  const { quota } = state;
  const live = state.liveClusters();
  if (input.clusterSpec === 'ack.standard' && live.filter((c) => c.clusterSpec === 'ack.standard').length >= BASIC_MAX_CLUSTERS) {
    throw businessError(
      400,
      'QuotaExceeded.Cluster',
      `An account can have at most ${BASIC_MAX_CLUSTERS} ACK Basic (ack.standard) clusters and this quota cannot be increased; create an ACK Pro cluster (cluster_spec ack.pro.small).`,
    );
  }
  if (live.length >= quota.clusters) {
    throw businessError(
      400,
      'QuotaExceeded.Cluster',
      `The cluster quota of this account (${quota.clusters}) is used up; request more in Quota Center.`,
    );
  }
  if (live.filter((c) => c.clusterType === 'ManagedKubernetes').length >= quota.managedClusters) {
    throw businessError(
      400,
      'QuotaExceeded.Cluster',
      `The managed cluster quota of this account (${quota.managedClusters}) is used up.`,
    );
  }
  checkNodeLimits(
    state,
    input.clusterSpec,
    input.nodepools.length,
    input.nodepools.reduce((sum, p) => sum + p.desiredSize, 0),
  );
  if (live.some((c) => c.regionId === input.regionId && c.name === input.name)) {
    throw businessError(400, 'ClusterNameAlreadyExist', `A cluster named ${input.name} already exists in ${input.regionId}.`);
  }
}
