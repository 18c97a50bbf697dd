import type { webApi } from '@slack/bolt';
import type { DeliveryTicket } from '../port.js';

/** The metadata event type gpubot puts on every message it posts; the payload names the delivery. */
export const MARKER_EVENT_TYPE = 'gpubot_delivery';
/** Clocks differ between gpubot and Slack: search a little before the first attempt began. */
const CLOCK_SKEW_MS = 60_000;
const PAGE_SIZE = 200;
/** A delivery is looked up right after a crash, so it is recent: a few pages of history suffice. */
const MAX_PAGES = 5;

/** chat.postMessage's `metadata` for a delivery. */
export function deliveryMarker(ticket: DeliveryTicket): { event_type: string; event_payload: { delivery_id: string } } {
  return { event_type: MARKER_EVENT_TYPE, event_payload: { delivery_id: ticket.id } };
}

/** Slack's `ts` form of a time in ms ("1700000000.123000"). */
export function toSlackTs(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(6);
}

/** The delivery id a message's metadata names, if it is gpubot's marker. */
function markedDelivery(metadata: { event_type?: string; event_payload?: object } | undefined): unknown {
  if (metadata?.event_type !== MARKER_EVENT_TYPE) return undefined;
  return (metadata.event_payload as Record<string, unknown> | undefined)?.delivery_id;
}

export type HistoryPage = (args: webApi.ConversationsHistoryArguments) => Promise<webApi.ConversationsHistoryResponse>;

/**
 * Looks for the message gpubot posted for `ticket` in a channel's history since the delivery's first
 * attempt (conversations.history with include_all_metadata). Returns its ts, or undefined when it
 * is not there, i.e. the earlier attempt never reached Slack.
 */
export async function findMarkedMessage(channel: string, ticket: DeliveryTicket, page: HistoryPage): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let pages = 0; pages < MAX_PAGES; pages += 1) {
    const result = await page({
      channel,
      oldest: toSlackTs(ticket.since - CLOCK_SKEW_MS),
      inclusive: true,
      include_all_metadata: true,
      limit: PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    const found = (result.messages ?? []).find((m) => markedDelivery(m.metadata) === ticket.id);
    if (found?.ts) return found.ts;
    cursor = result.response_metadata?.next_cursor;
    if (!result.has_more || !cursor) return undefined;
  }
  return undefined;
}
