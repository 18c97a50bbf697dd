import {
  unguarded,
  type CallGuard,
  type ChatSender,
  type ConversationRef,
  type DeliveryTicket,
  type PostedMessage,
  type Requester,
} from '../port.js';
import type { Locale } from '../../i18n/text.js';
import type { Logger } from '../../log.js';
import type { Message, Progress } from '../../messages/model.js';
import { GpubotError } from '../../errors.js';
import type { SlackMessage } from './block-text.js';
import { createWebClient } from './create-web-client.js';
import { deliveryMarker, findMarkedMessage } from './find-marked-message.js';
import { mapSlackError, platformErrorOf } from './map-slack-error.js';
import { renderMessageBlocks, renderProgressBlocks } from './render-blocks.js';
import type { SlackSettings } from './settings.js';

/** chat.update errors after which the old message cannot be edited: post a fresh one instead. */
const GONE_ERRORS = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);
/** DM channel ids are stable per user; remembering them saves a conversations.open per DM. */
const DM_CACHE_SIZE = 1000;
/**
 * Slack's budgets (docs.slack.dev rate limits): chat.postMessage about one message per second per
 * channel with short bursts; chat.update, conversations.open and conversations.history are Tier 3
 * (50+ per minute per workspace, bursts allowed): up to a minute's worth at once, then 50 a minute.
 */
const POST_PACE = { perMinute: 60, burst: 5 };
const TIER_3 = { perMinute: 50, burst: 50 };

export interface SlackSenderOptions {
  /** Shares rate-limit and outage state between processes (the outbox's guard). */
  readonly guard?: CallGuard;
}

/**
 * Posts gpubot's messages through the Slack Web API. Every failure leaves as a GpubotError
 * (RetryableError for 429/5xx/network), so the outbox decides when to try again. Every new message
 * carries its delivery id as message metadata, so an unconfirmed delivery is looked up in the
 * conversation's history (conversations.history) before it is posted again.
 */
export function createSlackSender(settings: SlackSettings, logger: Logger, options: SlackSenderOptions = {}): ChatSender {
  const log = logger.child({ component: 'slack-sender' });
  const client = createWebClient(settings, log);
  const guard = options.guard ?? unguarded;
  const dmChannels = new Map<string, string>();

  function call<T>(
    method: string,
    channel: string | undefined,
    pace: { channel?: string; limit: { perMinute: number; burst: number } },
    run: () => Promise<T>,
  ): Promise<T> {
    return guard(
      { platform: 'slack', method, ...(pace.channel === undefined ? {} : { channel: pace.channel }), pace: pace.limit },
      async () => {
        try {
          return await run();
        } catch (error) {
          throw mapSlackError(error, method, channel);
        }
      },
    );
  }

  /** The ts of the message posted earlier for this ticket, if an earlier attempt reached Slack. */
  async function lookUp(channel: string, ticket: DeliveryTicket): Promise<string | undefined> {
    try {
      const ts = await findMarkedMessage(channel, ticket, (args) =>
        call('conversations.history', channel, { limit: TIER_3 }, () => client.conversations.history(args)),
      );
      log.info({ channel, delivery: ticket.id, found: ts !== undefined }, 'looked for an unconfirmed delivery');
      return ts;
    } catch (error) {
      if (error instanceof GpubotError && error.retryable) throw error;
      // Without history access (missing *:history scope) gpubot cannot tell: it posts again (at least once).
      log.warn(
        { channel, delivery: ticket.id, err: error instanceof Error ? error.message : String(error) },
        'cannot look for an unconfirmed delivery; posting it again',
      );
      return undefined;
    }
  }

  async function post(channel: string, rendered: SlackMessage, ticket?: DeliveryTicket): Promise<PostedMessage> {
    const result = await call('chat.postMessage', channel, { channel, limit: POST_PACE }, () =>
      client.chat.postMessage({
        channel,
        text: rendered.text,
        blocks: rendered.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(ticket ? { metadata: deliveryMarker(ticket) } : {}),
      }),
    );
    if (typeof result.channel !== 'string' || typeof result.ts !== 'string') {
      throw new GpubotError('chat.platform_error', 'Slack chat.postMessage answered without channel/ts');
    }
    return { channelId: result.channel, messageId: result.ts };
  }

  async function update(previous: PostedMessage, rendered: SlackMessage): Promise<void> {
    // Blocks are resent on every update: chat.update with text only would drop them.
    await call('chat.update', previous.channelId, { limit: TIER_3 }, () =>
      client.chat.update({ channel: previous.channelId, ts: previous.messageId, text: rendered.text, blocks: rendered.blocks }),
    );
  }

  /** Posts once: with an unconfirmed ticket, an earlier post found in the history stands for this one. */
  async function postOnce(
    channel: string,
    rendered: SlackMessage,
    ticket?: DeliveryTicket,
  ): Promise<{ posted: PostedMessage; earlier: boolean }> {
    const earlier = ticket?.unconfirmed ? await lookUp(channel, ticket) : undefined;
    if (earlier !== undefined) return { posted: { channelId: channel, messageId: earlier }, earlier: true };
    return { posted: await post(channel, rendered, ticket), earlier: false };
  }

  async function openDm(userId: string): Promise<string> {
    const cached = dmChannels.get(userId);
    if (cached !== undefined) return cached;
    const result = await call('conversations.open', userId, { limit: TIER_3 }, () =>
      client.conversations.open({ users: userId }),
    );
    const id = result.channel?.id;
    // Secrets must only ever reach a 1:1 IM, whose id starts with D.
    if (typeof id !== 'string' || !id.startsWith('D')) {
      throw new GpubotError('chat.platform_error', `Slack conversations.open did not return a DM channel for ${userId}`);
    }
    if (dmChannels.size >= DM_CACHE_SIZE) dmChannels.delete(dmChannels.keys().next().value as string);
    dmChannels.set(userId, id);
    return id;
  }

  return {
    platform: 'slack',
    editsMessages: true,

    async postProgress(
      to: ConversationRef,
      progress: Progress,
      locale: Locale,
      previous?: PostedMessage,
      ticket?: DeliveryTicket,
    ): Promise<PostedMessage> {
      const rendered = renderProgressBlocks(progress, locale);
      if (previous === undefined) {
        const { posted, earlier } = await postOnce(to.channelId, rendered, ticket);
        // A progress message found from an earlier attempt shows an older state: bring it up to date.
        if (earlier) await update(posted, rendered);
        return posted;
      }
      try {
        await update(previous, rendered);
        return previous;
      } catch (error) {
        const code = platformErrorOf((error as { cause?: unknown }).cause ?? error);
        if (code === undefined || !GONE_ERRORS.has(code)) throw error;
        log.info(
          { channel: previous.channelId, ts: previous.messageId, error: code },
          'progress message can no longer be edited; posting a new one',
        );
        return post(to.channelId, rendered);
      }
    },

    async postToConversation(to: ConversationRef, message: Message, locale: Locale, ticket?: DeliveryTicket): Promise<void> {
      await postOnce(to.channelId, renderMessageBlocks(message, locale), ticket);
    },

    async sendPrivate(to: Requester, message: Message, ticket?: DeliveryTicket): Promise<void> {
      const channel = await openDm(to.userId);
      await postOnce(channel, renderMessageBlocks(message, to.locale), ticket);
    },
  };
}
