import type { AuditLog } from '../audit/audit-log.js';
import { deliveryFields } from '../bot/audit-fields.js';
import type { ImmediateReply, IncomingAction, IncomingCommand } from '../chat/port.js';
import type { NotebookKeep } from '../commands/types.js';
import { mayManage, type Roles } from '../governance/roles.js';
import { text, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import { parseIdleAction } from './idle-warning.js';
import type { LifecycleActionAnswer } from './lifecycle-hooks.js';
import type { LifecycleClock } from './lifecycle-clock.js';
import type { NotebookRecord, NotebookRecords } from './notebook-records.js';
import type { NotebookSchedule } from './notebook-schedule.js';

export interface IdleAnswerDeps {
  readonly notebooks: NotebookRecords;
  readonly schedule: NotebookSchedule;
  readonly clock: LifecycleClock;
  readonly roles: Pick<Roles, 'admins'>;
  readonly audit: AuditLog;
  readonly idleMs: number;
}

type Delivery = IncomingCommand | IncomingAction;

export interface IdleAnswers {
  /** `/notebook keep <name>` and the warning's "Keep running". */
  keep(command: NotebookKeep, incoming: Delivery): Promise<ImmediateReply>;
  /** The warning's buttons; undefined when the button is not one. */
  action(incoming: IncomingAction): Promise<LifecycleActionAnswer | undefined>;
}

const answer = (tone: 'success' | 'error', lines: Text[]): ImmediateReply => ({
  message: message(tone, lines),
  rejected: tone === 'error',
  ...(tone === 'error' ? { privateOnly: true } : {}),
});

/**
 * The bot side of idle notebooks: "Keep running" (typed or pressed) restarts the idle count, "Stop
 * now" stops it like `/notebook stop`. Only the owner or an admin may; each outcome is audited.
 */
export function createIdleAnswers(deps: IdleAnswerDeps): IdleAnswers {
  async function refuse(delivery: Delivery, lines: Text[], reason: string, target: string): Promise<ImmediateReply> {
    await deps.audit.record({ ...deliveryFields(delivery), command: 'notebook.keep', target, action: 'command.refused', reason });
    return answer('error', lines);
  }

  const ownerName = (record: NotebookRecord) => record.requester.displayName ?? record.requester.userId;

  async function notFound(name: string, delivery: Delivery): Promise<ImmediateReply> {
    const visible = (await deps.notebooks.all()).filter((record) => mayManage(deps.roles, delivery.requester, record.owner));
    const names = visible.map((record) => record.name).join(', ') || '-';
    return refuse(delivery, [text('lifecycle.idle.notFound', { name, names })], 'lifecycle.not_found', name);
  }

  async function keep(name: string, delivery: Delivery): Promise<ImmediateReply> {
    const record = await deps.notebooks.get(name);
    if (!record) return notFound(name, delivery);
    if (!mayManage(deps.roles, delivery.requester, record.owner)) {
      return refuse(delivery, [text('lifecycle.idle.notOwner', { name, owner: ownerName(record) })], 'lifecycle.not_owner', name);
    }
    const now = deps.clock.now();
    const outcome = await deps.notebooks.keep(name, now);
    if (outcome === 'missing') return notFound(name, delivery);
    if (outcome === 'stopping') return refuse(delivery, [text('lifecycle.idle.stopping', { name })], 'lifecycle.stopping', name);
    await deps.schedule.lookAt(name, now + deps.idleMs);
    await deps.audit.record({
      ...deliveryFields(delivery),
      action: 'lifecycle.kept',
      command: 'notebook.keep',
      target: name,
      summary: record.clusterId,
    });
    return answer('success', [text('lifecycle.idle.kept', { name, idleMs: deps.idleMs })]);
  }

  return {
    keep: (command, incoming) => keep(command.name, incoming),
    async action(incoming) {
      const pressed = parseIdleAction(incoming.actionId, incoming.value);
      if (!pressed) return undefined;
      if (pressed.kind === 'keep') return { kind: 'reply', reply: await keep(pressed.name, incoming) };
      const record = await deps.notebooks.get(pressed.name);
      if (!record) return { kind: 'reply', reply: await notFound(pressed.name, incoming) };
      if (!mayManage(deps.roles, incoming.requester, record.owner)) {
        const lines = [text('notebook.error.notOwner', { name: record.name, owner: ownerName(record) })];
        return { kind: 'reply', reply: await refuse(incoming, lines, 'lifecycle.not_owner', record.name) };
      }
      return { kind: 'command', command: { kind: 'notebook.stop', name: record.name }, conversation: record.conversation };
    },
  };
}
