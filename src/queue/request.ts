import { createHash } from 'node:crypto';
import type { ConversationRef, Requester } from '../chat/port.js';
import type { QueuedCommand } from '../commands/types.js';
import type { PriceQuote } from '../pricing/price-quote.js';

/**
 * A validated chat request, as it travels through the queue. It never holds secrets:
 * job data lives in Redis.
 */
export interface ChatRequest {
  /** Derived from the platform delivery id, so a redelivered command maps to the same job. */
  readonly requestId: string;
  /** What to do, with everything a job needs filled in (a create's name and region). */
  readonly command: QueuedCommand;
  readonly requester: Requester;
  readonly conversation: ConversationRef;
  readonly receivedAt: number;
  /** The hourly price quoted when the request was accepted (creates). */
  readonly quote?: PriceQuote;
  /** A decision (the requester's confirmation, an approver's approval) the job waits for before it runs. */
  readonly gate?: { readonly token: string };
  /**
   * Set when gpubot made the request itself, on the owner's behalf (a cluster's time to live ran
   * out, a notebook sat idle, the daily summary came due, a create gave up and what it made is
   * removed): it runs like the owner's own, but the audit names gpubot as the actor.
   */
  readonly origin?: 'expiry' | 'idle' | 'summary' | 'cleanup';
  /** An idle stop of a notebook whose activity gpubot could not read (not one seen idle): its messages say so. */
  readonly activityUnreadable?: true;
}

export function requestIdFor(platform: string, deliveryId: string): string {
  return createHash('sha256').update(`${platform}\u0000${deliveryId}`).digest('hex').slice(0, 24);
}

/** How gpubot tags and names an owner: `<platform>:<user id>`. */
export function ownerOf(requester: Requester): string {
  return `${requester.platform}:${requester.userId}`;
}
