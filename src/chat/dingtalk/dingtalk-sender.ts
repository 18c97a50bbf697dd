import { randomUUID } from 'node:crypto';
import type { Logger } from '../../log.js';
import { GpubotError } from '../../errors.js';
import {
  unguarded,
  type CallGuard,
  type ChatSender,
  type ConversationRef,
  type DeliveryTicket,
  type PostedMessage,
} from '../port.js';
import { createAccessTokenSource } from './access-token.js';
import { createOpenApiCall } from './call-openapi.js';
import { postMarkdownToConversation, type ConversationPostDeps } from './post-to-conversation.js';
import { cardBizIdFor, sendProgressCard, updateProgressCard } from './progress-card.js';
import { renderMessage, renderProgress, type DingTalkMarkdown } from './render-markdown.js';
import { sendPrivateMarkdown } from './send-private-markdown.js';
import { fitsActionCard, sendActionCard, type CardSpace } from './action-card.js';
import type { Locale } from '../../i18n/text.js';
import type { MessageAction } from '../../messages/model.js';
import type { DingTalkSettings } from './settings.js';

/**
 * DingTalk publishes no per-minute budget for app robots; its custom (webhook) robots may post 20
 * messages a minute per robot. gpubot keeps to that per conversation, with short bursts.
 */
const CONVERSATION_PACE = { perMinute: 20, burst: 10 };

/** Wiring shared by the sender and the receiver's immediate replies (one token cache per process). */
export function createConversationPostDeps(
  settings: DingTalkSettings,
  logger: Logger,
  now: () => number = Date.now,
): ConversationPostDeps {
  const tokens = createAccessTokenSource(settings, now);
  return { robotCode: settings.robotCode, callOpenApi: createOpenApiCall(settings.apiUrl, tokens), logger, now };
}

/**
 * The DingTalk ChatSender. Errors are GpubotErrors: RetryableError for throttling, flow control,
 * 5xx and network failures (the outbox retries), plain non-retryable ones for everything else.
 *
 * Exactly once, as far as DingTalk allows: a progress card's id is chosen by gpubot, so after a
 * crash the card is updated rather than sent again. Markdown messages (sessionWebhook, group and
 * one-to-one robot messages) take no idempotency key and cannot be looked up, so an unconfirmed
 * one is sent again: at least once, with the window kept to one HTTP request.
 */
export function createDingTalkSender(
  settings: DingTalkSettings,
  logger: Logger,
  options: { now?: () => number; guard?: CallGuard } = {},
): ChatSender {
  const log = logger.child({ platform: 'dingtalk' });
  const deps = createConversationPostDeps(settings, log, options.now);
  const guard = options.guard ?? unguarded;
  const cardTemplateId = settings.cardTemplateId;
  const actionCard = settings.actionCardTemplateId
    ? { robotCode: settings.robotCode, templateId: settings.actionCardTemplateId }
    : undefined;

  function postMarkdown(to: ConversationRef, markdown: DingTalkMarkdown, ticket?: DeliveryTicket): Promise<void> {
    if (ticket?.unconfirmed) {
      log.warn(
        { conversationId: to.channelId, delivery: ticket.id },
        'DingTalk cannot tell whether an earlier attempt arrived; sending again',
      );
    }
    return guard({ platform: 'dingtalk', method: 'robot.conversation', channel: to.channelId, pace: CONVERSATION_PACE }, () =>
      postMarkdownToConversation(deps, to, markdown),
    );
  }

  function updateCard(previous: PostedMessage, markdown: DingTalkMarkdown): Promise<PostedMessage> {
    return guard({ platform: 'dingtalk', method: 'robot.interactiveCards.update', channel: previous.channelId }, () =>
      updateProgressCard(deps.callOpenApi, previous, markdown),
    );
  }

  /** A card an earlier, unconfirmed attempt may have sent: updating it tells whether it exists. */
  async function adoptCard(
    to: ConversationRef,
    cardBizId: string,
    markdown: DingTalkMarkdown,
  ): Promise<PostedMessage | undefined> {
    try {
      return await updateCard({ channelId: to.channelId, messageId: cardBizId }, markdown);
    } catch (error) {
      if (error instanceof GpubotError && error.retryable) throw error;
      return undefined;
    }
  }

  async function postCard(
    template: string,
    to: ConversationRef,
    markdown: DingTalkMarkdown,
    previous?: PostedMessage,
    ticket?: DeliveryTicket,
  ): Promise<PostedMessage> {
    if (previous) return updateCard(previous, markdown);
    const cardBizId = cardBizIdFor(ticket?.id);
    if (ticket?.unconfirmed) {
      const adopted = await adoptCard(to, cardBizId, markdown);
      if (adopted) return adopted;
    }
    return guard(
      { platform: 'dingtalk', method: 'robot.interactiveCards.send', channel: to.channelId, pace: CONVERSATION_PACE },
      () =>
        sendProgressCard(deps.callOpenApi, { robotCode: settings.robotCode, cardTemplateId: template, cardBizId }, to, markdown),
    );
  }

  /** A card with buttons; its id follows the delivery, so a retried delivery names the same card. */
  function postActionCard(
    space: CardSpace,
    channel: string,
    markdown: DingTalkMarkdown,
    actions: readonly MessageAction[],
    locale: Locale,
    ticket?: DeliveryTicket,
  ): Promise<unknown> {
    const template = actionCard as { robotCode: string; templateId: string };
    return guard({ platform: 'dingtalk', method: 'card.instances.createAndDeliver', channel, pace: CONVERSATION_PACE }, () =>
      sendActionCard(deps.callOpenApi, template, space, markdown, actions, locale, ticket?.id),
    );
  }

  return {
    platform: 'dingtalk',
    editsMessages: cardTemplateId !== undefined,

    async postProgress(to, progress, locale, previous, ticket) {
      const markdown = renderProgress(progress, locale);
      if (cardTemplateId !== undefined) return postCard(cardTemplateId, to, markdown, previous, ticket);
      // Plain robot messages cannot be edited: each milestone is a new message, and its handle
      // only exists to satisfy the port (nothing can be done with it later).
      await postMarkdown(to, markdown, ticket);
      return { channelId: to.channelId, messageId: `markdown-${randomUUID()}` };
    },

    async postToConversation(to, message, locale, ticket) {
      const markdown = renderMessage(message, locale);
      if (actionCard && message.actions?.length && fitsActionCard(message.actions)) {
        // Buttons need a card; without the template the markdown says what to type instead.
        const space =
          to.extra?.conversationType === '1' && to.extra.senderStaffId
            ? { user: to.extra.senderStaffId }
            : { group: to.channelId };
        await postActionCard(space, to.channelId, markdown, message.actions, locale, ticket);
        return;
      }
      await postMarkdown(to, markdown, ticket);
    },

    async sendPrivate(to, message, ticket) {
      if (ticket?.unconfirmed) {
        log.warn({ delivery: ticket.id }, 'DingTalk cannot tell whether an earlier one-to-one attempt arrived; sending again');
      }
      // Always one to one by staffId, never through a conversation: this is how secrets travel.
      const markdown = renderMessage(message, to.locale);
      if (actionCard && message.actions?.length && fitsActionCard(message.actions)) {
        await postActionCard({ user: to.userId }, to.userId, markdown, message.actions, to.locale, ticket);
        return;
      }
      await guard({ platform: 'dingtalk', method: 'robot.oToMessages.batchSend', channel: to.userId }, () =>
        sendPrivateMarkdown(deps.callOpenApi, settings.robotCode, to.userId, markdown),
      );
    },
  };
}
