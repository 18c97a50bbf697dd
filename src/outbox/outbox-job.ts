import type { ConversationRef, Requester } from '../chat/port.js';
import type { Locale } from '../i18n/text.js';
import type { Message } from '../messages/model.js';

/**
 * What waits in a platform's outbox queue. Secrets only ever appear inside `sealed`. A progress
 * job carries no snapshot: it sends whatever is newest when it runs, so one job serves many versions.
 */
export type OutboxJob =
  | {
      readonly kind: 'progress';
      readonly requestId: string;
      readonly to: ConversationRef;
      readonly locale: Locale;
      /** Told privately when the conversation cannot be posted to (e.g. the bot is not in the channel). */
      readonly requester: Requester;
    }
  | {
      readonly kind: 'conversation';
      readonly requestId: string;
      readonly to: ConversationRef;
      readonly locale: Locale;
      readonly message: Message;
      /** Told privately when the conversation cannot be posted to; absent for posts no one asked for (audit copies). */
      readonly requester?: Requester;
    }
  | {
      readonly kind: 'private';
      readonly requestId: string;
      readonly to: Requester;
      /** Where to say so if the private message cannot be delivered (without its content). */
      readonly fallback: ConversationRef;
      readonly message?: Message;
      readonly sealed?: string;
    };

export const progressKey = (prefix: string, requestId: string): string => `${prefix}:progress:${requestId}`;
export const deliveredKey = (prefix: string, requestId: string): string => `${prefix}:progress-delivered:${requestId}`;

/** The delivery id of a conversation or private message: also its job id, and the marker it carries. */
export const messageDeliveryId = (requestId: string, kind: 'conversation' | 'private', key: string): string =>
  `${requestId}-${kind}-${key}`;
