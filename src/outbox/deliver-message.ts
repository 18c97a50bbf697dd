import type { ChatSender, DeliveryTicket } from '../chat/port.js';
import { GpubotError } from '../errors.js';
import { text } from '../i18n/text.js';
import { message, type Message } from '../messages/model.js';
import { certainlyNotDelivered } from './deferred.js';
import type { DeliveryRecords } from './delivery-records.js';
import type { OutboxJob } from './outbox-job.js';
import type { Sealer } from './seal.js';

export interface MessageDeliveryDeps {
  readonly sender: ChatSender;
  readonly records: DeliveryRecords;
  readonly sealer: Sealer;
}

/**
 * Sends one channel post or private message exactly once as far as the platform allows: the
 * intent is recorded first, the mark right after; an unconfirmed earlier attempt makes the sender
 * look before it posts again.
 */
export function createMessageDelivery(deps: MessageDeliveryDeps) {
  const { sender, records, sealer } = deps;

  async function once(id: string, send: (ticket: DeliveryTicket) => Promise<void>): Promise<void> {
    const ticket = await records.begin(id);
    if (!ticket) return;
    try {
      await send(ticket);
    } catch (error) {
      if (!ticket.unconfirmed && certainlyNotDelivered(error)) await records.notSent(id);
      throw error;
    }
    await records.sent(id);
  }

  return {
    conversation(id: string, job: OutboxJob & { kind: 'conversation' }): Promise<void> {
      return once(id, (ticket) => sender.postToConversation(job.to, job.message, job.locale, ticket));
    },

    async private(id: string, job: OutboxJob & { kind: 'private' }): Promise<void> {
      const content: Message = job.sealed ? (JSON.parse(sealer.open(job.sealed)) as Message) : (job.message as Message);
      try {
        await once(id, (ticket) => sender.sendPrivate(job.to, content, ticket));
      } catch (error) {
        if (error instanceof GpubotError && !error.retryable) {
          // Tell the conversation that a private message could not be delivered, never what it said.
          const note = message('warning', [
            text('outbox.privateUndeliverable', { user: job.to.displayName ?? job.to.userId, reason: error.message }),
          ]);
          await once(`${id}-undeliverable`, (ticket) => sender.postToConversation(job.fallback, note, job.to.locale, ticket));
        }
        throw error;
      }
    },
  };
}
