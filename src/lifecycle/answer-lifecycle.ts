import type { AuditLog } from '../audit/audit-log.js';
import { deliveryFields } from '../bot/audit-fields.js';
import type { ImmediateReply, IncomingAction, IncomingCommand, Requester } from '../chat/port.js';
import { formatDuration } from '../commands/parse-duration.js';
import { mayManage, type Roles } from '../governance/roles.js';
import { text, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import type { ClusterIdleAnswers } from './answer-cluster-idle.js';
import type { IdleAnswers } from './answer-notebook-idle.js';
import type { ClusterRecord, ClusterRecords } from './cluster-records.js';
import { parseExpiryAction } from './expiry-actions.js';
import { resolveScale } from './resolve-scale.js';
import type { LifecycleHooks } from './lifecycle-hooks.js';
import type { ClusterSchedule } from './lifecycle-jobs.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import type { People } from './people.js';

export interface LifecycleAnswerDeps {
  /** Idle notebooks' "Keep running" and "Stop now"; absent when GPUBOT_NOTEBOOK_IDLE is off. */
  readonly idle?: IdleAnswers;
  /** Idle clusters' "Keep running" and "Delete now"; absent when GPUBOT_CLUSTER_IDLE is off. */
  readonly clusterIdle?: ClusterIdleAnswers;
  readonly records: ClusterRecords;
  readonly schedule: ClusterSchedule;
  readonly clock: LifecycleClock;
  readonly roles: Pick<Roles, 'admins'>;
  readonly audit: AuditLog;
  readonly people: People;
  readonly maxClusterTtlMs: number;
  readonly warnBeforeMs: number;
}

type Delivery = IncomingCommand | IncomingAction;

const answer = (tone: 'success' | 'error', lines: Text[]): ImmediateReply => ({
  message: message(tone, lines),
  rejected: tone === 'error',
  ...(tone === 'error' ? { privateOnly: true } : {}),
});

/**
 * The bot side of the lifecycle: extending an expiry (typed, or a warning's button) and a warning's
 * "Delete now". Only the owner or an admin may, never beyond the maximum lifetime; each outcome
 * is audited. All of it is Redis (records and the queue), so it answers within a platform's ack.
 */
export function createLifecycleHooks(deps: LifecycleAnswerDeps): LifecycleHooks {
  async function refuse(delivery: Delivery, lines: Text[], reason: string, target: string): Promise<ImmediateReply> {
    await deps.audit.record({
      ...deliveryFields(delivery),
      command: 'cluster.extend',
      target,
      action: 'command.refused',
      reason,
    });
    return answer('error', lines);
  }

  function ownerName(record: ClusterRecord): string {
    return record.requester.displayName ?? record.requester.userId;
  }

  async function extend(record: ClusterRecord, byMs: number, delivery: Delivery): Promise<ImmediateReply> {
    const who: Requester = delivery.requester;
    const by = formatDuration(byMs);
    if (!mayManage(deps.roles, who, record.owner)) {
      return refuse(
        delivery,
        [text('lifecycle.extend.notOwner', { name: record.name, owner: ownerName(record) })],
        'lifecycle.not_owner',
        record.name,
      );
    }
    const { timeZone } = await deps.people(who);
    const outcome = await deps.records.extend(record.clusterId, byMs, {
      maxTtlMs: deps.maxClusterTtlMs,
      now: deps.clock.now(),
      warnBeforeMs: deps.warnBeforeMs,
    });
    switch (outcome.kind) {
      case 'extended': {
        const moved = await deps.records.get(record.clusterId);
        if (moved) await deps.schedule.move(moved);
        await deps.schedule.syncTags(record.clusterId, outcome.expiresAt);
        await deps.audit.record({
          ...deliveryFields(delivery),
          action: 'lifecycle.extended',
          command: 'cluster.extend',
          target: record.name,
          summary: `${record.clusterId} +${by} until ${new Date(outcome.expiresAt).toISOString()}`,
        });
        return answer('success', [
          text('lifecycle.extended', {
            name: record.name,
            by,
            at: outcome.expiresAt,
            timeZone,
            leftMs: outcome.expiresAt - deps.clock.now(),
          }),
        ]);
      }
      case 'cap':
        return refuse(
          delivery,
          [
            text('lifecycle.extend.cap', {
              name: record.name,
              by,
              maxMs: deps.maxClusterTtlMs,
              at: outcome.latest,
              timeZone,
              roomMs: outcome.latest - record.expiresAt,
            }),
          ],
          'lifecycle.cap',
          record.name,
        );
      case 'state':
        return refuse(delivery, [text('lifecycle.extend.expiring', { name: record.name })], 'lifecycle.expiring', record.name);
      case 'missing':
        return refuse(delivery, [notFound(record.name, [])], 'lifecycle.not_found', record.name);
    }
  }

  function notFound(name: string, records: readonly ClusterRecord[]): Text {
    const names = records.filter((record) => record.state === 'active').map((record) => record.name);
    return text('lifecycle.extend.notFound', { name, names: names.join(', ') || '-' });
  }

  return {
    resolveScale: (command, incoming) => resolveScale(deps, command, incoming),
    async extend(command, incoming) {
      const records = await deps.records.all();
      const record = records.find((candidate) => candidate.name === command.name);
      if (!record) {
        const visible = records.filter((candidate) => mayManage(deps.roles, incoming.requester, candidate.owner));
        return refuse(incoming, [notFound(command.name, visible)], 'lifecycle.not_found', command.name);
      }
      return extend(record, command.byMs, incoming);
    },

    async keep(command, incoming) {
      if (command.kind === 'notebook.keep' && deps.idle) return deps.idle.keep(command, incoming);
      if (command.kind === 'cluster.keep' && deps.clusterIdle) return deps.clusterIdle.keep(command.name, incoming);
      await deps.audit.record({
        ...deliveryFields(incoming),
        command: command.kind,
        target: command.name,
        action: 'command.refused',
        reason: 'lifecycle.off',
      });
      return answer('error', [text(command.kind === 'notebook.keep' ? 'lifecycle.idle.off' : 'lifecycle.clusterIdle.off')]);
    },

    async action(incoming) {
      const pressed = parseExpiryAction(incoming.actionId, incoming.value);
      if (!pressed) return (await deps.idle?.action(incoming)) ?? deps.clusterIdle?.action(incoming);
      const record = await deps.records.get(pressed.clusterId);
      if (!record) {
        return {
          kind: 'reply',
          reply: await refuse(incoming, [text('lifecycle.action.gone')], 'lifecycle.gone', pressed.clusterId),
        };
      }
      if (pressed.kind === 'extend') return { kind: 'reply', reply: await extend(record, pressed.byMs, incoming) };
      if (!mayManage(deps.roles, incoming.requester, record.owner)) {
        const lines = [text('cluster.error.notOwner', { name: record.name, owner: ownerName(record) })];
        return { kind: 'reply', reply: await refuse(incoming, lines, 'lifecycle.not_owner', record.name) };
      }
      return {
        kind: 'command',
        command: { kind: 'cluster.delete', name: record.name, clusterId: record.clusterId },
        conversation: record.conversation,
      };
    },
  };
}
