import { actorOf, SYSTEM_ACTOR } from '../audit/audit-event.js';
import type { AuditLog } from '../audit/audit-log.js';
import { commandFields } from '../bot/audit-fields.js';
import type { ConversationRef, Requester } from '../chat/port.js';
import { text, type Locale } from '../i18n/text.js';
import type { GateVerdict, JobGate } from '../jobs/job-gate.js';
import { waitFor } from '../jobs/wait.js';
import { message } from '../messages/model.js';
import type { Notifier } from '../outbox/notifier.js';
import type { ChatRequest } from '../queue/request.js';
import { approvalRequest } from './approval-messages.js';
import type { Decision, Decisions } from './decisions.js';

export interface DecisionGateDeps {
  readonly decisions: Decisions;
  readonly notifier: Notifier;
  readonly audit: AuditLog;
  /** `<platform>:<user id>` of every approver (GPUBOT_APPROVERS). */
  readonly approvers: readonly string[];
  /** GPUBOT_APPROVAL_CHANNEL on the chat platform, when set. */
  readonly approvalChannel?: ConversationRef;
  /** The language a person reads (their saved preference, else their platform's default). */
  readonly localeOf: (person: Requester) => Promise<Locale>;
  readonly now: () => number;
  /** How often a waiting job looks again, in case the bot's nudge (a promoted job) was lost in a crash. */
  readonly recheckMs: number;
}

/** The approvers someone's request goes to: those on the requester's platform, never the requester. */
export function approversFor(approvers: readonly string[], requester: Requester): Requester[] {
  const own = `${requester.platform}:${requester.userId}`;
  return approvers
    .filter((principal) => principal.startsWith(`${requester.platform}:`) && principal !== own)
    .map((principal) => ({
      platform: requester.platform,
      userId: principal.slice(requester.platform.length + 1),
      locale: requester.platform === 'dingtalk' ? 'zh-CN' : 'en',
    }));
}

const outcomeFields = (decision: Decision) => ({
  ...commandFields(decision.request.command),
  requestId: decision.request.requestId,
  channel: decision.request.conversation.channelId,
  ...(decision.request.quote ? { pricePerHour: decision.request.quote.perHour } : {}),
});

/**
 * The worker's side of confirmations and approvals, asked by the runner before a gated job runs.
 * The job waits in the queue (as a delayed job) while people decide; the bot records their
 * decisions and nudges the job. Everything the gate sends has a fixed outbox key, so a rerun after
 * a crash sends nothing twice: the approval request, the requester's news, the audit entries.
 */
export function createDecisionGate(deps: DecisionGateDeps): JobGate {
  const { decisions, notifier, audit } = deps;
  const once = (request: ChatRequest, what: string) => ({ once: `${request.requestId}:${what}` });

  async function askApprovers(decision: Decision): Promise<void> {
    const { request } = decision;
    const approvers = approversFor(deps.approvers, request.requester);
    for (const [index, approver] of approvers.entries()) {
      const locale = await deps.localeOf(approver);
      const to: Requester = { ...approver, locale };
      await notifier.toRequester({ ...request, requester: to }, `approval-${index}`, approvalRequest(decision, deps.now()));
    }
    if (deps.approvalChannel) {
      await notifier.toConversation(
        { ...request, conversation: deps.approvalChannel },
        'approval-channel',
        approvalRequest(decision, deps.now()),
      );
    }
    await audit.record(
      {
        ...actorOf(request.requester),
        ...outcomeFields(decision),
        action: 'approval.requested',
        summary: `${commandFields(request.command).summary ?? request.command.kind} → ${approvers.map((a) => a.userId).join(', ') || '-'}`,
      },
      once(request, 'approval.requested'),
    );
  }

  /** The outcome of a lapsed stage, told and recorded once however often the job runs into it. */
  async function expired(decision: Decision): Promise<GateVerdict> {
    const stage = decision.from === 'approve' ? 'approval' : 'confirmation';
    await audit.record(
      { actor: SYSTEM_ACTOR, ...outcomeFields(decision), action: `${stage}.expired` },
      once(decision.request, 'decision.expired'),
    );
    const key = stage === 'approval' ? 'spend.outcome.approvalExpired' : 'spend.outcome.confirmExpired';
    return {
      kind: 'closed',
      code: `${stage}.expired`,
      message: message('warning', [text(key, { summary: commandFields(decision.request.command).summary ?? '' })]),
    };
  }

  return async function gate(request) {
    if (!request.gate) return { kind: 'proceed' };
    for (;;) {
      const decision = await decisions.get(request.gate.token);
      if (!decision) throw new Error(`decision ${request.gate.token} of request ${request.requestId} is gone`);
      const by = decision.decidedByName ?? decision.decidedBy?.replace(/^[a-z]+:/, '') ?? '?';
      const summary = commandFields(request.command).summary ?? '';
      switch (decision.state) {
        case 'confirm':
        case 'approve': {
          const left = decision.expiresAt - deps.now();
          // Lapsed: expire it, unless someone decided in the meantime; either way, read it again.
          if (left <= 0) {
            await decisions.move(decision.token, [decision.state], 'expired');
            continue;
          }
          if (decision.state === 'approve' && !decision.asked) {
            await askApprovers(decision);
            await decisions.markAsked(decision.token);
          }
          return waitFor(Math.min(left, deps.recheckMs));
        }
        case 'approved':
          if (decision.needsApproval) {
            await notifier.toRequester(
              request,
              'approval-granted',
              message('success', [text('spend.outcome.approved', { by, summary })]),
            );
          }
          return { kind: 'proceed' };
        case 'rejected':
          return {
            kind: 'closed',
            code: 'approval.rejected',
            message: message('error', [text('spend.outcome.rejected', { by, summary })]),
          };
        case 'cancelled':
          return { kind: 'closed', code: 'confirmation.cancelled' };
        case 'expired':
          return expired(decision);
      }
    }
  };
}
