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
  /**
   * The organisation the account belongs to, as the delivery states it (Slack team id, DingTalk
   * corp id); absent where the platform has no such notion (console).
   */
  readonly tenantId?: string;
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
  /** The organisation of the installation that received this delivery, when the platform states it (DingTalk chatbotCorpId). */
  readonly hostTenantId?: string;
}

/** A file that goes with a reply (e.g. an audit export), delivered privately where the platform can. */
export interface FileAttachment {
  readonly filename: string;
  readonly title: string;
  readonly content: string;
}

/** What the core answers at once (Slack ack, DingTalk reply, console line). Private to the requester. */
export interface ImmediateReply {
  readonly message: Message;
  /** True when nothing was enqueued (bad input, refused); adapters may show it as an error. */
  readonly rejected: boolean;
  /** The language to render it in: the requester's stored preference, else the platform default. */
  readonly locale?: Locale;
  /**
   * Must reach the requester alone (bad input, refusals, confirmation codes, audit pages). Where the
   * platform has no reply only the requester sees (a DingTalk group), it goes one to one.
   */
  readonly privateOnly?: boolean;
  /** Sent privately as a file by receivers that `supportsFiles`; the core attaches it only to them. */
  readonly attachment?: FileAttachment;
}

/** A button press on a message that carried MessageActions (confirm / cancel). */
export interface IncomingAction {
  readonly deliveryId: string;
  readonly actionId: string;
  readonly value: string;
  readonly requester: Requester;
  readonly conversation: ConversationRef;
  readonly hostTenantId?: string;
}

/**
 * What the core offers a receiver. Both resolve quickly (validate + enqueue only).
 * `null` means "reply nothing": the delivery was already handled (a platform retry), or the
 * requester was already told that they are sending too much.
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
  /** Whether an ImmediateReply's attachment can be delivered (as a private file). */
  readonly supportsFiles?: boolean;
  /** Who is who on the platform; absent where every user is trusted (the local console). */
  readonly directory?: ChatDirectory;
  start(handlers: CoreHandlers): Promise<void>;
  stop(): Promise<void>;
  /** Whether commands can reach gpubot now (connected, or listening), and what was seen: for `/readyz`. */
  readiness(): ReceiverReadiness;
}

export interface ReceiverReadiness {
  readonly ready: boolean;
  readonly detail: string;
}

/** What a platform's directory says about one account (each platform fills what it knows). */
export interface UserFacts {
  /** The account's own organisation (Slack: users.info team_id). */
  readonly tenantId?: string;
  /** From another organisation, as the platform marks it (Slack Connect: is_stranger). */
  readonly external?: boolean;
  /** A guest account (Slack: is_restricted or is_ultra_restricted). */
  readonly guest?: boolean;
  /** Every department the user is in, with all their parent departments (DingTalk). */
  readonly departments?: readonly string[];
}

/**
 * The platform's user directory, used to decide who gpubot serves. The core caches answers
 * (GPUBOT_DIRECTORY_CACHE_SECONDS); a lookup that fails throws, and the request is refused.
 */
export interface ChatDirectory {
  /** What lookups reveal on this platform; the core only looks up what its policy needs. */
  readonly reveals: { readonly guests: boolean; readonly tenants: boolean; readonly departments: boolean };
  /** The organisations this installation belongs to, learned when the receiver started. */
  homeTenants(): readonly string[];
  lookupUser(userId: string): Promise<UserFacts>;
}

/** An opaque handle to a posted message, so it can be edited in place later. */
export interface PostedMessage {
  readonly channelId: string;
  readonly messageId: string;
}

/**
 * One delivery of one message, as the outbox hands it to a sender. The id is stable across retries
 * and travels with the message where the platform can store it (Slack: message metadata), so that
 * after a crash between "sent" and "recorded" the sender can look before it posts again.
 */
export interface DeliveryTicket {
  readonly id: string;
  /** When the first attempt began (ms since the epoch); a lookup searches from here. */
  readonly since: number;
  /** An earlier attempt may have reached the platform without being recorded: look before posting. */
  readonly unconfirmed: boolean;
}

/** A platform API call a sender is about to make, declared so rate limits and outages are shared. */
export interface PlatformCall {
  readonly platform: Platform;
  /** The platform's method, e.g. `chat.postMessage`. */
  readonly method: string;
  /** Set where the platform limits this method per conversation (or per user): that conversation. */
  readonly channel?: string;
  /** The platform's budget for this method (per `channel` when set): steady rate and burst. */
  readonly pace?: { readonly perMinute: number; readonly burst: number };
}

/**
 * Wraps each API call of a sender. The outbox's guard keeps Retry-After, outage and pacing state in
 * Redis, shared by every process, and may refuse a call before it is made (a RetryableError).
 */
export type CallGuard = <T>(call: PlatformCall, run: () => Promise<T>) => Promise<T>;

/** No shared state: each call simply runs (unit tests of an adapter). */
export const unguarded: CallGuard = (_call, run) => run();

/** The sending half of a platform: used by the outbox delivery worker, in any process. */
export interface ChatSender {
  readonly platform: Platform;
  /**
   * True when postProgress can edit a previous message in place. When false the outbox only
   * posts milestones (a step finished or failed, the final state) as new messages.
   */
  readonly editsMessages: boolean;
  /**
   * Posts the progress message of a request, or edits the one posted before (when given). A new
   * post carries `ticket`; with `ticket.unconfirmed` the sender first looks for it (and edits it).
   * Where a platform cannot look (DingTalk markdown), an unconfirmed delivery is sent again.
   */
  postProgress(
    to: ConversationRef,
    progress: Progress,
    locale: Locale,
    previous?: PostedMessage,
    ticket?: DeliveryTicket,
  ): Promise<PostedMessage>;
  /** Posts a message into the conversation where the request came from (everyone there sees it). */
  postToConversation(to: ConversationRef, message: Message, locale: Locale, ticket?: DeliveryTicket): Promise<void>;
  /** Sends a message only the given user can see (a direct message). Secrets travel only this way. */
  sendPrivate(to: Requester, message: Message, ticket?: DeliveryTicket): Promise<void>;
}
