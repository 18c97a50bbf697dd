import { commandFields } from '../bot/audit-fields.js';
import { text, type Text } from '../i18n/text.js';
import { message, type Message } from '../messages/model.js';
import type { PriceQuote } from '../pricing/price-quote.js';
import type { Decision } from './decisions.js';

/** "≈ ¥X/hour (workers ¥Y, cluster ¥Z)", the one way a price is shown. */
export function describePrice(quote: PriceQuote): Text {
  const params = { total: quote.perHour, workers: quote.workers, cluster: quote.cluster, currency: quote.currency };
  if (quote.increase !== undefined) return text('spend.price.scale', { ...params, increase: quote.increase });
  // A notebook brings only its load balancer: its GPUs are the cluster's, priced when it was created.
  return text(quote.workers === 0 ? 'spend.price.notebook' : 'spend.price', params);
}

/** Who asked, what, for how much, until when; with Approve/Reject (and the commands that do the same). */
export function approvalRequest(decision: Decision, now: number): Message {
  const { request, token } = decision;
  const who = request.requester.displayName ?? request.requester.userId;
  const hours = Math.max(0, (decision.expiresAt - now) / 3_600_000);
  return message(
    'warning',
    [
      text('spend.approval.request', {
        who,
        principal: `${request.requester.platform}:${request.requester.userId}`,
        summary: commandFields(request.command).summary ?? request.command.kind,
        hours: Math.round(hours * 10) / 10,
      }),
      ...(request.quote ? [describePrice(request.quote)] : []),
    ],
    {
      title: text('spend.approval.title', {}),
      actions: [
        {
          id: 'approve',
          label: text('spend.action.approve', {}),
          value: token,
          style: 'primary',
          command: `/gpu-cluster approve ${token}`,
        },
        { id: 'reject', label: text('spend.action.reject', {}), value: token, command: `/gpu-cluster reject ${token}` },
      ],
    },
  );
}
