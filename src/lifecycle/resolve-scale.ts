import type { AuditLog } from '../audit/audit-log.js';
import { deliveryFields } from '../bot/audit-fields.js';
import type { ImmediateReply, IncomingCommand } from '../chat/port.js';
import type { ClusterScale } from '../commands/types.js';
import { mayManage, type Roles } from '../governance/roles.js';
import { text, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import type { ClusterRecords } from './cluster-records.js';

export type ScaleResolution =
  { readonly kind: 'refused'; readonly reply: ImmediateReply } | { readonly kind: 'resolved'; readonly command: ClusterScale };

/**
 * A scale names a cluster: gpubot's record of it says where it is, what its workers are and how
 * many, and whose it is. Only the owner or an admin may scale it, and only while it is not expiring.
 * Answered from Redis, so the platform's ack deadline holds.
 */
export async function resolveScale(
  deps: { readonly records: ClusterRecords; readonly roles: Pick<Roles, 'admins'>; readonly audit: AuditLog },
  command: ClusterScale,
  incoming: IncomingCommand,
): Promise<ScaleResolution> {
  const refuse = async (lines: Text[], reason: string): Promise<ScaleResolution> => {
    await deps.audit.record({
      ...deliveryFields(incoming),
      command: 'cluster.scale',
      target: command.name,
      action: 'command.refused',
      reason,
    });
    return { kind: 'refused', reply: { message: message('error', lines), rejected: true, privateOnly: true } };
  };
  const records = await deps.records.all();
  const record = records.find((candidate) => candidate.name === command.name);
  if (!record) {
    const names = records
      .filter((candidate) => candidate.state === 'active' && mayManage(deps.roles, incoming.requester, candidate.owner))
      .map((candidate) => candidate.name);
    return refuse([text('scale.notFound', { name: command.name, names: names.join(', ') || '-' })], 'scale.not_found');
  }
  if (!mayManage(deps.roles, incoming.requester, record.owner)) {
    const owner = record.requester.displayName ?? record.requester.userId;
    return refuse([text('scale.notOwner', { name: record.name, owner })], 'scale.not_owner');
  }
  if (record.state !== 'active') return refuse([text('lifecycle.extend.expiring', { name: record.name })], 'scale.expiring');
  // Adopted from its tags (reconcile-clusters.ts): no workers known, no meter, no holds. Scaling it
  // would bill without gpubot counting it, so it is refused with what to do instead.
  if (record.instanceType === undefined || record.nodes === undefined) {
    return refuse([text('scale.unknownWorkers', { name: record.name })], 'scale.unknown_workers');
  }
  if (record.nodes === command.count) {
    return refuse([text('scale.same', { name: record.name, count: command.count })], 'scale.same');
  }
  return {
    kind: 'resolved',
    command: {
      ...command,
      target: {
        clusterId: record.clusterId,
        regionId: record.regionId,
        instanceType: record.instanceType,
        from: record.nodes,
        createRequestId: record.requestId,
      },
    },
  };
}
