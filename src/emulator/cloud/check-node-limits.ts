import { businessError } from './api-errors.js';
import type { EmulatorState } from './state.js';

/** ACK Basic: at most 10 worker nodes per cluster, whatever the account's node quota says. */
export const BASIC_MAX_WORKERS = 10;

/** Node pools and nodes a cluster may have in total (its existing ones plus what is asked for). */
export function checkNodeLimits(state: EmulatorState, clusterSpec: string, pools: number, nodes: number): void {
  const { quota } = state;
  if (pools > quota.nodePoolsPerCluster) {
    throw businessError(400, 'QuotaExceeded.NodePool', `At most ${quota.nodePoolsPerCluster} node pools per cluster.`);
  }
  if (clusterSpec === 'ack.standard' && nodes > BASIC_MAX_WORKERS) {
    throw businessError(
      400,
      'QuotaExceeded.Node',
      `${nodes} worker nodes requested; an ACK Basic (ack.standard) cluster has at most ${BASIC_MAX_WORKERS} and this cannot be increased. Use ACK Pro (ack.pro.small).`,
    );
  }
  if (nodes > quota.nodesPerCluster) {
    throw businessError(
      400,
      'QuotaExceeded.Node',
      `${nodes} nodes requested; the node quota is ${quota.nodesPerCluster} per cluster.`,
    );
  }
}
