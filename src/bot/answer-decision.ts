import type { Queue } from 'bullmq';
import { approversFor } from '../approvals/decision-gate.js';
import { describePrice } from '../approvals/approval-messages.js';
import type { Decision, DecisionState, Decisions } from '../approvals/decisions.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ImmediateReply, IncomingAction } from '../chat/port.js';
import { mayApprove, mayManage, type Roles } from '../governance/roles.js';
import { text, type Text } from '../i18n/text.js';
import type { Logger } from '../log.js';
import { ownerOf } from '../queue/request.js';
import { commandFields, deliveryFields } from './audit-fields.js';
import { describeQueued } from './describe-queued.js';
import { reply } from './reply.js';

export interface DecisionAnswerDeps {
  readonly decisions: Decisions;
  readonly roles: Roles;
  readonly audit: AuditLog;
  readonly commands: Queue;
  readonly log: Logger;
  readonly approvalMs: number;
}

const who = (decision: Decision) => decision.request.requester.displayName ?? decision.request.requester.userId;
const summaryOf = (decision: Decision) => commandFields(decision.request.command).summary ?? decision.request.command.kind;

/** Wakes the request's waiting job, so it acts on the decision now rather than at its next look. */
async function nudge(deps: DecisionAnswerDeps, requestId: string): Promise<void> {
  try {
    const job = await deps.commands.getJob(requestId);
    if (job && (await job.isDelayed())) await job.promote();
  } catch (error) {
    // It looks again on its own within a minute (the gate's recheck); nothing is lost.
    deps.log.debug({ err: error instanceof Error ? error.message : String(error), requestId }, 'could not wake a waiting job');
  }
}

/**
 * A press (or a typed `/gpu-cluster confirm|cancel|approve|reject <code>`) on a request that waits
 * on a decision. The requester (or an admin) confirms or cancels; an approver other than the
 * requester approves or rejects. Each decision is a compare-and-set on the record, recorded in
 * the audit trail with the price, and wakes the waiting job, which does the rest.
 */
export async function answerDecision(
  deps: DecisionAnswerDeps,
  action: IncomingAction,
  decision: Decision,
): Promise<ImmediateReply> {
  const { request } = decision;
  const presser = action.requester;
  const by = { principal: ownerOf(presser), ...(presser.displayName ? { name: presser.displayName } : {}) };
  const fields = {
    ...deliveryFields(action),
    ...commandFields(request.command, request.quote),
    requestId: request.requestId,
  };
  const refuse = async (lines: Text[], reason: string) => {
    await deps.audit.record({ ...fields, action: 'command.refused', reason });
    return reply(lines, true);
  };
  const explain = async (from: readonly DecisionState[], moved: Awaited<ReturnType<Decisions['move']>>) => {
    const now = moved.decision;
    const state = moved.ok === false && moved.why === 'expired' ? 'expired' : (now?.state ?? 'expired');
    const by = now?.decidedByName ?? now?.decidedBy?.replace(/^[a-z]+:/, '');
    return refuse([text('spend.decision.gone', { state, ...(by ? { by } : {}) })], `decision.${from.join('_')}.${state}`);
  };

  switch (action.actionId) {
    case 'confirm':
    case 'cancel': {
      if (!mayManage(deps.roles, presser, ownerOf(request.requester))) {
        return refuse([text('core.confirm.notYours', { owner: who(decision) })], 'confirm.not_yours');
      }
      const from: DecisionState[] = action.actionId === 'confirm' ? ['confirm'] : ['confirm', 'approve'];
      const to: DecisionState = action.actionId === 'cancel' ? 'cancelled' : decision.needsApproval ? 'approve' : 'approved';
      const moved = await deps.decisions.move(decision.token, from, to, by);
      if (!moved.ok) return explain(from, moved);
      await deps.audit.record({ ...fields, action: to === 'cancelled' ? 'confirmation.cancelled' : 'confirmation.confirmed' });
      await nudge(deps, request.requestId);
      if (to === 'cancelled') return reply([text('core.confirm.cancelled', {})]);
      if (to === 'approve') {
        const approvers = approversFor(deps.roles.approvers, request.requester)
          .map((a) => a.userId)
          .join(', ');
        return reply([text('spend.confirm.waiting', { approvers, hours: deps.approvalMs / 3_600_000 })]);
      }
      return reply([describeQueued(request.command), ...(request.quote ? [describePrice(request.quote)] : [])]);
    }
    case 'approve':
    case 'reject': {
      if (!mayApprove(deps.roles, presser, request.requester)) {
        const own = ownerOf(presser) === ownerOf(request.requester);
        return refuse(
          [text(own ? 'spend.approval.own' : 'spend.approval.notApprover', {})],
          own ? 'approval.own_request' : 'approval.not_approver',
        );
      }
      const to: DecisionState = action.actionId === 'approve' ? 'approved' : 'rejected';
      const moved = await deps.decisions.move(decision.token, ['approve'], to, by);
      if (!moved.ok) return explain(['approve'], moved);
      await deps.audit.record({ ...fields, action: to === 'approved' ? 'approval.granted' : 'approval.rejected' });
      await nudge(deps, request.requestId);
      const facts = { who: who(decision), summary: summaryOf(decision) };
      return reply([
        text(to === 'approved' ? 'spend.approval.granted' : 'spend.approval.rejected', facts),
        ...(request.quote ? [describePrice(request.quote)] : []),
      ]);
    }
    default:
      return refuse([text('core.confirm.expired', {})], 'confirm.unknown_action');
  }
}
