import type { Locale } from '../i18n/text.js';
import type { Message, Progress } from '../messages/model.js';

/**
 * The chat port. An adapter does transport and mapping only: it turns platform events into
 * IncomingCommand for the core, and renders the neutral message model back onto the platform.
 */
export type Platform = 'console' | 'slack' | 'dingtalk';

export interface Requester {
  readonly platform: Platform;
  /** The platform's stable user id (Slack U…, DingTalk staffId, console user name). */
  readonly userId: string;
  readonly displayName?: string;
  readonly locale: Locale;
}

/** Where replies for a request go. `extra` holds platform routing data (never secrets). */
export interface ConversationRef {
  readonly platform: Platform;
  readonly channelId: string;
  readonly extra?: Readonly<Record<string, string>>;
}

export interface IncomingCommand {
  /** Platform delivery id; the same delivery retried carries the same id, so it runs once. */
  readonly deliveryId: string;
  /** The full command text, e.g. "/gpu-cluster create 2 gn5". */
  readonly text: string;
  readonly requester: Requester;
  readonly conversation: ConversationRef;
}

/** What the core answers at once (Slack ack, DingTalk reply, console line). Private to the requester. */
export interface ImmediateReply {
  readonly message: Message;
  /** True when nothing was enqueued (bad input, refused); adapters may show it as an error. */
  readonly rejected: boolean;
  /** The language to render it in: the requester's stored preference, else the platform default. */
  readonly locale?: Locale;
}

/** A button press on a message that carried MessageActions (confirm / cancel). */
export interface IncomingAction {
  readonly deliveryId: string;
  readonly actionId: string;
  readonly value: string;
  readonly requester: Requester;
  readonly conversation: ConversationRef;
}

/**
 * What the core offers a receiver. Both resolve quickly (validate + enqueue only).
 * `null` means "this delivery was already handled" (a platform retry): reply nothing.
 */
export interface CoreHandlers {
  command(command: IncomingCommand): Promise<ImmediateReply | null>;
  action(action: IncomingAction): Promise<ImmediateReply | null>;
}

/** The receiving half of a platform: lives in the bot role. */
export interface ChatReceiver {
  readonly platform: Platform;
  /** Whether messages can carry buttons (then costly/destructive commands ask for confirmation). */
  readonly supportsActions: boolean;
  start(handlers: CoreHandlers): Promise<void>;
  stop(): Promise<void>;
  /** Whether commands can reach gpubot now (connected, or listening), and what was seen: for `/readyz`. */
  readiness(): ReceiverReadiness;
}

export interface ReceiverReadiness {
  readonly ready: boolean;
  readonly detail: string;
}

/** An opaque handle to a posted message, so it can be edited in place later. */
export interface PostedMessage {
  readonly channelId: string;
  readonly messageId: string;
}

/** The sending half of a platform: used by the outbox delivery worker, in any process. */
export interface ChatSender {
  readonly platform: Platform;
  /**
   * True when postProgress can edit a previous message in place. When false the outbox only
   * posts milestones (a step finished or failed, the final state) as new messages.
   */
  readonly editsMessages: boolean;
  /** Posts the progress message of a request, or edits the one posted before (when given). */
  postProgress(to: ConversationRef, progress: Progress, locale: Locale, previous?: PostedMessage): Promise<PostedMessage>;
  /** Posts a message into the conversation where the request came from (everyone there sees it). */
  postToConversation(to: ConversationRef, message: Message, locale: Locale): Promise<void>;
  /** Sends a message only the given user can see (a direct message). Secrets travel only this way. */
  sendPrivate(to: Requester, message: Message): Promise<void>;
}
