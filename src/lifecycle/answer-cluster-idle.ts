import type { AuditLog } from '../audit/audit-log.js';
import { deliveryFields } from '../bot/audit-fields.js';
import type { ImmediateReply, IncomingAction, IncomingCommand } from '../chat/port.js';
import { mayManage, type Roles } from '../governance/roles.js';
import { text, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import type { ClusterIdleStates } from './cluster-idle-records.js';
import { parseClusterIdleAction } from './cluster-idle-warning.js';
import type { ClusterRecord, ClusterRecords } from './cluster-records.js';
import type { LifecycleActionAnswer } from './lifecycle-hooks.js';
import type { LifecycleClock } from './lifecycle-clock.js';

export interface ClusterIdleAnswerDeps {
  readonly records: ClusterRecords;
  readonly idle: ClusterIdleStates;
  readonly clock: LifecycleClock;
  readonly roles: Pick<Roles, 'admins'>;
  readonly audit: AuditLog;
  readonly idleMs: number;
}

type Delivery = IncomingCommand | IncomingAction;

export interface ClusterIdleAnswers {
  /** `/gpu-cluster keep <name>` and the idle warning's "Keep running". */
  keep(name: string, incoming: Delivery): Promise<ImmediateReply>;
  action(incoming: IncomingAction): Promise<LifecycleActionAnswer | undefined>;
}

const answer = (tone: 'success' | 'error', lines: Text[]): ImmediateReply => ({
  message: message(tone, lines),
  rejected: tone === 'error',
  ...(tone === 'error' ? { privateOnly: true } : {}),
});

/** An idle cluster's buttons: "Keep running" starts its idle count again, "Delete now" deletes it (owner or admin; audited). */
export function createClusterIdleAnswers(deps: ClusterIdleAnswerDeps): ClusterIdleAnswers {
  async function refuse(delivery: Delivery, lines: Text[], reason: string, target: string): Promise<ImmediateReply> {
    await deps.audit.record({ ...deliveryFields(delivery), command: 'cluster.keep', target, action: 'command.refused', reason });
    return answer('error', lines);
  }

  async function keep(record: ClusterRecord | undefined, name: string, delivery: Delivery): Promise<ImmediateReply> {
    if (!record || record.state !== 'active') {
      const visible = (await deps.records.all()).filter(
        (candidate) => candidate.state === 'active' && mayManage(deps.roles, delivery.requester, candidate.owner),
      );
      const names = visible.map((candidate) => candidate.name).join(', ') || '-';
      return refuse(delivery, [text('lifecycle.clusterIdle.notFound', { name, names })], 'lifecycle.not_found', name);
    }
    if (!mayManage(deps.roles, delivery.requester, record.owner)) {
      const owner = record.requester.displayName ?? record.requester.userId;
      return refuse(delivery, [text('lifecycle.clusterIdle.notOwner', { name, owner })], 'lifecycle.not_owner', name);
    }
    if (!(await deps.idle.reset(record.clusterId))) {
      return refuse(delivery, [text('lifecycle.clusterIdle.deleting', { name })], 'lifecycle.deleting', name);
    }
    await deps.idle.seenIdle(record.clusterId, deps.clock.now());
    await deps.audit.record({
      ...deliveryFields(delivery),
      action: 'lifecycle.kept',
      command: 'cluster.keep',
      target: record.name,
      summary: record.clusterId,
    });
    return answer('success', [text('lifecycle.clusterIdle.kept', { name: record.name, idleMs: deps.idleMs })]);
  }

  return {
    async keep(name, incoming) {
      const record = (await deps.records.all()).find((candidate) => candidate.name === name);
      return keep(record, name, incoming);
    },
    async action(incoming) {
      const pressed = parseClusterIdleAction(incoming.actionId, incoming.value);
      if (!pressed) return undefined;
      const record = await deps.records.get(pressed.clusterId);
      if (pressed.kind === 'keep' || !record) {
        return { kind: 'reply', reply: await keep(record, record?.name ?? pressed.clusterId, incoming) };
      }
      if (!mayManage(deps.roles, incoming.requester, record.owner)) {
        const owner = record.requester.displayName ?? record.requester.userId;
        const lines = [text('cluster.error.notOwner', { name: record.name, owner })];
        return { kind: 'reply', reply: await refuse(incoming, lines, 'lifecycle.not_owner', record.name) };
      }
      // Pinned to the cluster's id: by now the name may be another cluster's.
      return {
        kind: 'command',
        command: { kind: 'cluster.delete', name: record.name, clusterId: record.clusterId },
        conversation: record.conversation,
      };
    },
  };
}
