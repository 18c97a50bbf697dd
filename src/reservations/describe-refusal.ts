import { text, type Text } from '../i18n/text.js';
import type { Refusal } from './reservations.js';
import { parseResource, type ResourceKind } from './resources.js';

const KEYS: Record<ResourceKind, string> = {
  'account-clusters': 'reservations.refused.accountClusters',
  'managed-clusters': 'reservations.refused.managedClusters',
  'basic-clusters': 'reservations.refused.basicClusters',
  'cluster-nodes': 'reservations.refused.clusterNodes',
  'cluster-gpus': 'reservations.refused.clusterGpus',
  'user-gpus': 'reservations.refused.userGpus',
  'user-clusters': 'reservations.refused.userClusters',
  'user-notebooks': 'reservations.refused.userNotebooks',
  'user-gpu-minutes': 'reservations.refused.userGpuMinutes',
  'workspace-gpus': 'reservations.refused.workspaceGpus',
  'workspace-spend': 'reservations.refused.workspaceSpend',
};

/**
 * A refusal in plain words: which limit, what is in use, what was asked, what to do. `scope` is
 * shown where it helps (the cluster of `cluster-gpus`); jobs may pass a friendlier one (its name).
 */
export function describeRefusal(refusal: Refusal, scope?: string): Text {
  const parsed = parseResource(refusal.resource);
  if (!parsed) throw new Error(`unknown resource ${refusal.resource}`);
  return text(KEYS[parsed.kind], {
    used: refusal.used,
    limit: refusal.limit,
    amount: refusal.amount,
    scope: scope ?? parsed.scope,
  });
}
