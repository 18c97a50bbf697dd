import type { Queue } from 'bullmq';
import { approversFor } from '../approvals/decision-gate.js';
import { describePrice } from '../approvals/approval-messages.js';
import type { Decisions } from '../approvals/decisions.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ImmediateReply, IncomingAction, IncomingCommand } from '../chat/port.js';
import { text, type Text } from '../i18n/text.js';
import { message } from '../messages/model.js';
import { fenPerHour, type PriceQuote } from '../pricing/price-quote.js';
import type { Quoter } from '../pricing/quote-request.js';
import type { ChatRequest } from '../queue/request.js';
import { describeRefusal } from '../reservations/describe-refusal.js';
import { parseResource } from '../reservations/resources.js';
import type { Refusal } from '../reservations/reservations.js';
import { gpusOf } from '../spend/gpus-of.js';
import type { SpendLedger } from '../spend/spend-ledger.js';
import { commandFields, deliveryFields } from './audit-fields.js';
import { describeQueued } from './describe-queued.js';
import { reply } from './reply.js';

/** What the bot needs to let a request spend money: limits, prices, thresholds, decisions. */
export interface SpendingDeps {
  readonly ledger: SpendLedger;
  readonly quote: Quoter;
  readonly decisions: Decisions;
  /** In the account's currency per hour: the requester confirms at or above the first, an approver decides at or above the second. */
  readonly confirmAbove: number;
  readonly approveAbove: number;
  /** `<platform>:<user id>` of every approver (GPUBOT_APPROVERS). */
  readonly approvers: readonly string[];
}

export interface SpendingContext {
  readonly spending: SpendingDeps;
  readonly audit: AuditLog;
  readonly commands: Queue;
  readonly supportsActions: boolean;
  /** Queues the request's job, records `action`, answers "queued" with `lines` added. */
  enqueue(
    request: ChatRequest,
    delivery: IncomingCommand | IncomingAction,
    action: string,
    lines?: Text[],
  ): Promise<ImmediateReply>;
}

/** Job options the bot's enqueue uses, so a gated job is queued the same way. */
export type JobOptions = Parameters<Queue['add']>[2];

const approverNames = (request: ChatRequest, approvers: readonly string[]) =>
  approversFor(approvers, request.requester)
    .map((approver) => approver.userId)
    .join(', ');

/**
 * A request that spends money (a create, a notebook start), at request time and before any cloud
 * call: the limits first (so a flood of requests costs no price lookups), then the price, then the
 * workspace's budget for today, then the question to the requester or an approver where the price
 * needs one. Whatever refuses gives back what was held before it.
 */
export async function acceptSpending(
  context: SpendingContext,
  request: ChatRequest,
  incoming: IncomingCommand,
  jobOptions: JobOptions,
): Promise<ImmediateReply> {
  const { spending, audit } = context;
  const refuse = async (lines: Text[], reason: string, quote?: PriceQuote) => {
    await spending.ledger.release(request.requestId);
    await audit.record({
      ...deliveryFields(incoming),
      ...commandFields(request.command, quote),
      action: 'command.refused',
      reason,
    });
    return reply(lines, true);
  };
  const overLimit = (refusal: Refusal, quote?: PriceQuote) =>
    refuse([describeRefusal(refusal)], `limit.${parseResource(refusal.resource)?.kind ?? 'unknown'}`, quote);

  const admitted = await spending.ledger.admit(request);
  if (admitted.status === 'refused') return overLimit(admitted);
  const priced = await spending.quote(request.command);
  if (!priced) return context.enqueue(request, incoming, 'command.accepted');
  if (!priced.ok) return refuse([priced.reason], 'price.unavailable');
  const { quote } = priced;
  const command = request.command;
  const costly = command.kind === 'cluster.create' || command.kind === 'cluster.scale';
  // The day's budget counts clusters (a notebook adds only its load balancer, on a cluster already counted);
  // a scale adds what it adds.
  if (costly) {
    const spent = await spending.ledger.admitSpend(request, fenPerHour({ perHour: quote.increase ?? quote.perHour }));
    if (spent.status === 'refused') return overLimit(spent, quote);
  }
  const quoted: ChatRequest = { ...request, quote };

  const needsApproval = costly && quote.perHour >= spending.approveAbove;
  const needsConfirm = costly && (needsApproval || quote.perHour >= spending.confirmAbove);
  if (!needsConfirm) return context.enqueue(quoted, incoming, 'command.accepted', [describePrice(quote)]);
  const approvers = approverNames(request, spending.approvers);
  if (needsApproval && approvers === '') {
    return refuse(
      [text('spend.approval.noApprover', { limit: spending.approveAbove, currency: quote.currency })],
      'approval.no_approver',
      quote,
    );
  }

  const token = await spending.decisions.open(quoted, { confirm: true, approve: needsApproval });
  const gated: ChatRequest = { ...quoted, gate: { token } };
  // The job waits in the queue for the decision (job-gate.ts): a crash loses neither.
  await context.commands.add(command.kind, gated, { ...jobOptions, jobId: request.requestId });
  await audit.record({ ...deliveryFields(incoming), ...commandFields(command, quote), action: 'confirmation.asked' });
  const question: Text[] = [
    command.kind === 'cluster.create'
      ? text('spend.confirm.create', {
          count: command.count,
          instanceType: command.instanceType,
          gpus: gpusOf(command),
          region: command.region ?? '',
        })
      : command.kind === 'cluster.scale' && command.target
        ? text('scale.confirm.grow', {
            name: command.name,
            from: command.target.from,
            count: command.count,
            instanceType: command.target.instanceType,
            gpus: gpusOf({ count: command.count, instanceType: command.target.instanceType }),
          })
        : describeQueued(command),
    describePrice(quote),
    ...(needsApproval
      ? [text('spend.confirm.thenApproval', { limit: spending.approveAbove, currency: quote.currency, approvers })]
      : []),
  ];
  if (!context.supportsActions) {
    // The code lets whoever holds it confirm (with the requester's rights): it goes to the requester only.
    return {
      rejected: false,
      privateOnly: true,
      message: message('warning', [...question, text('core.confirm.byText', { code: token })]),
    };
  }
  return {
    rejected: false,
    message: message('warning', question, {
      actions: [
        {
          id: 'confirm',
          label: text('core.action.confirm', {}),
          value: token,
          style: 'primary',
          command: `/gpu-cluster confirm ${token}`,
        },
        { id: 'cancel', label: text('core.action.cancel', {}), value: token, command: `/gpu-cluster cancel ${token}` },
      ],
    }),
  };
}
