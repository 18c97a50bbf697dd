import { randomInt } from 'node:crypto';
import type { NodePoolSpec } from '../port.js';

/** Characters ACK accepts in node login passwords; the password is random and never stored. */
const PASSWORD_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '()`~!@#$%^&*-+=|{}[]:;<>,.?/'];

export function generateLoginPassword(length = 24): string {
  const all = PASSWORD_CLASSES.join('');
  const chars = PASSWORD_CLASSES.map((set) => set[randomInt(set.length)] as string);
  while (chars.length < length) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/** Each worker's system disk (GiB): room for the GPU driver, container images and logs. */
export const NODE_SYSTEM_DISK_GIB = 120;

/**
 * The CreateClusterNodePool body (`POST /clusters/{id}/nodepools`, fields of the SDK's
 * CreateClusterNodePoolRequest): pay-as-you-go workers on exactly the given vSwitches, in
 * priority order (`multi_az_policy: PRIORITY`: the first zone that can take a node gets it).
 */
export function buildNodePoolBody(spec: NodePoolSpec, loginPassword: string): Record<string, unknown> {
  return {
    nodepool_info: { name: spec.name, type: 'ess' },
    scaling_group: {
      instance_types: [spec.instanceType],
      vswitch_ids: [...spec.vswitchIds],
      multi_az_policy: 'PRIORITY',
      desired_size: spec.desiredSize,
      instance_charge_type: 'PostPaid',
      system_disk_category: spec.systemDiskCategory,
      system_disk_size: NODE_SYSTEM_DISK_GIB,
      login_password: loginPassword,
      ...(spec.securityGroupId ? { security_group_ids: [spec.securityGroupId] } : {}),
      tags: spec.tags.map((tag) => ({ key: tag.key, value: tag.value })),
    },
    kubernetes_config: { runtime: 'containerd' },
  };
}
