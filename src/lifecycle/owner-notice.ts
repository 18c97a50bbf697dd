import type { Requester } from '../chat/port.js';
import type { ChatRequest } from '../queue/request.js';
import type { ClusterRecord } from './cluster-records.js';

/**
 * What gpubot tells a cluster's owner on its own (warnings) travels like a request's private
 * message: to the owner, with the creating conversation as the place to say it could not be
 * delivered. The request id keeps each notice once per key, however often its job runs.
 */
export function ownerNotice(record: ClusterRecord, owner: Requester): ChatRequest {
  return {
    requestId: `lifecycle-${record.clusterId}`,
    command: { kind: 'cluster.status', name: record.name },
    requester: owner,
    conversation: record.conversation,
    receivedAt: record.createdAt,
  };
}
