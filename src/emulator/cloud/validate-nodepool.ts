import { businessError } from './api-errors.js';
import { findInstanceType, supportedSystemDisks } from './instance-types.js';
import { invalid, isObject, missing, optInt, optObject, optString, optStringArray, reqString, type Json } from './json-fields.js';
import type { NodePoolRecord } from './state.js';

/** What a request asks for; the rest of a NodePoolRecord is the emulator's own bookkeeping. */
export type NodePoolInput = Omit<NodePoolRecord, 'nodepoolId' | 'state' | 'nodeNames' | 'failedNodes' | 'created' | 'updated'>;

const RUNTIMES = ['containerd', 'Sandboxed-Container.runv'];
const MULTI_AZ_POLICIES = ['PRIORITY', 'COST_OPTIMIZED', 'BALANCE'];
/** CreateClusterNodePool: "You can specify one to eight vSwitch IDs". */
const MAX_VSWITCHES = 8;
const CHARGE_TYPES = ['PostPaid', 'PrePaid'];
// ACK node requirement (CSK Limits, 2021): at least 4 vCPU and 8 GiB.
const MIN_VCPU = 4;
const MIN_MEMORY_GIB = 8;

/**
 * Validates a node pool: a `nodepools[]` item of CreateCluster (`at` = `nodepools[0]`) or a
 * CreateClusterNodePool body (`at` = ''). The login password is checked, never returned.
 */
export function validateNodePool(raw: unknown, at: string): NodePoolInput {
  if (!isObject(raw)) throw invalid(at || 'body', 'must be an object');
  const field = (name: string) => (at ? `${at}.${name}` : name);
  const info = optObject(raw, 'nodepool_info', field('nodepool_info'));
  if (info === undefined) throw missing(field('nodepool_info.name'));
  const name = reqString(info, 'name', field('nodepool_info.name'));
  const group = optObject(raw, 'scaling_group', field('scaling_group'));
  if (group === undefined) throw missing(field('scaling_group'));
  if (group['count'] !== undefined || raw['count'] !== undefined) {
    throw businessError(
      400,
      'ErrorParameterDeprecated',
      `Parameter ${field('count')} is deprecated; use ${field('scaling_group.desired_size')} instead.`,
    );
  }

  const instanceTypes = optStringArray(group, 'instance_types', field('scaling_group.instance_types'));
  if (instanceTypes === undefined || instanceTypes.length === 0) throw missing(field('scaling_group.instance_types'));
  const desiredSize = optInt(group, 'desired_size', field('scaling_group.desired_size'));
  if (desiredSize === undefined) throw missing(field('scaling_group.desired_size'));
  if (desiredSize < 0) throw invalid(field('scaling_group.desired_size'), 'must not be negative');

  const chargeType = optString(group, 'instance_charge_type', field('scaling_group.instance_charge_type')) ?? 'PostPaid';
  if (!CHARGE_TYPES.includes(chargeType))
    throw invalid(field('scaling_group.instance_charge_type'), `must be one of ${CHARGE_TYPES.join(', ')}`);
  const diskCategory = optString(group, 'system_disk_category', field('scaling_group.system_disk_category')) ?? 'cloud_ssd';
  const diskSize = optInt(group, 'system_disk_size', field('scaling_group.system_disk_size')) ?? 120;
  if (diskSize < 40 || diskSize > 500) throw invalid(field('scaling_group.system_disk_size'), 'must be between 40 and 500 GiB');

  for (const type of instanceTypes) checkInstanceType(type, diskCategory);
  checkLogin(group, field);

  const kubeConfig = optObject(raw, 'kubernetes_config', field('kubernetes_config'));
  const runtime = (kubeConfig && optString(kubeConfig, 'runtime', field('kubernetes_config.runtime'))) ?? 'containerd';
  if (!RUNTIMES.includes(runtime)) throw invalid(field('kubernetes_config.runtime'), `must be one of ${RUNTIMES.join(', ')}`);

  // Required (SDK model): ACK does not guess where nodes go. Only vSwitches put them in a zone.
  const vswitchIds = optStringArray(group, 'vswitch_ids', field('scaling_group.vswitch_ids')) ?? [];
  if (vswitchIds.length === 0) throw missing(field('scaling_group.vswitch_ids'));
  if (vswitchIds.length > MAX_VSWITCHES) throw invalid(field('scaling_group.vswitch_ids'), `at most ${MAX_VSWITCHES} vSwitches`);
  const multiAzPolicy = optString(group, 'multi_az_policy', field('scaling_group.multi_az_policy')) ?? 'PRIORITY';
  if (!MULTI_AZ_POLICIES.includes(multiAzPolicy)) {
    throw invalid(field('scaling_group.multi_az_policy'), `must be one of ${MULTI_AZ_POLICIES.join(', ')}`);
  }
  return {
    name,
    instanceTypes,
    vswitchIds,
    multiAzPolicy,
    securityGroupIds: optStringArray(group, 'security_group_ids', field('scaling_group.security_group_ids')) ?? [],
    desiredSize,
    instanceChargeType: chargeType,
    systemDiskCategory: diskCategory,
    systemDiskSize: diskSize,
    runtime,
  };
}

function checkInstanceType(type: string, diskCategory: string): void {
  const facts = findInstanceType(type);
  if (facts === undefined) {
    throw businessError(400, 'InvalidInstanceType.ValueNotSupported', `The specified instance type ${type} is not supported.`);
  }
  if (facts.vcpu < MIN_VCPU || facts.memoryGiB < MIN_MEMORY_GIB) {
    throw invalid(
      'instance_types',
      `${type} has ${facts.vcpu} vCPU / ${facts.memoryGiB} GiB; ACK nodes need at least ${MIN_VCPU} vCPU and ${MIN_MEMORY_GIB} GiB`,
    );
  }
  const disks = supportedSystemDisks(type);
  if (!disks.includes(diskCategory)) {
    throw businessError(
      400,
      'InvalidSystemDiskCategory.ValueNotSupported',
      `The system disk category ${diskCategory} is not supported by instance type ${type}; supported: ${disks.join(', ')}.`,
    );
  }
}

function checkLogin(group: Json, field: (name: string) => string): void {
  const password = optString(group, 'login_password', field('scaling_group.login_password'));
  const keyPair = optString(group, 'key_pair', field('scaling_group.key_pair'));
  if (password !== undefined && keyPair !== undefined) {
    throw invalid(field('scaling_group'), 'set either login_password or key_pair, not both');
  }
  if (password === undefined && keyPair === undefined) throw missing(`${field('scaling_group.login_password')} or key_pair`);
  if (password !== undefined && !isComplexPassword(password)) {
    // The message never echoes the password.
    throw invalid(
      field('scaling_group.login_password'),
      'must be 8 to 30 characters and contain at least three of: uppercase letters, lowercase letters, digits, special characters',
    );
  }
}

const SPECIALS = /[()`~!@#$%^&*\-_+=|{}[\]:;'<>,.?/]/;

export function isComplexPassword(password: string): boolean {
  if (password.length < 8 || password.length > 30) return false;
  if (!/^[A-Za-z0-9()`~!@#$%^&*\-_+=|{}[\]:;'<>,.?/]+$/.test(password)) return false;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, SPECIALS].filter((re) => re.test(password)).length;
  return classes >= 3;
}
