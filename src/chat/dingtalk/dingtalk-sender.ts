import { randomUUID } from 'node:crypto';
import type { Logger } from '../../log.js';
import type { ChatSender } from '../port.js';
import { createAccessTokenSource } from './access-token.js';
import { createOpenApiCall } from './call-openapi.js';
import { postMarkdownToConversation, type ConversationPostDeps } from './post-to-conversation.js';
import { sendProgressCard, updateProgressCard } from './progress-card.js';
import { renderMessage, renderProgress } from './render-markdown.js';
import { sendPrivateMarkdown } from './send-private-markdown.js';
import { sendActionCard } from './action-card.js';
import type { DingTalkSettings } from './settings.js';

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
 */
export function createDingTalkSender(
  settings: DingTalkSettings,
  logger: Logger,
  options: { now?: () => number } = {},
): ChatSender {
  const log = logger.child({ platform: 'dingtalk' });
  const deps = createConversationPostDeps(settings, log, options.now);
  const cardTemplateId = settings.cardTemplateId;
  const actionCard = settings.actionCardTemplateId
    ? { robotCode: settings.robotCode, templateId: settings.actionCardTemplateId }
    : undefined;

  return {
    platform: 'dingtalk',
    editsMessages: cardTemplateId !== undefined,

    async postProgress(to, progress, locale, previous) {
      const markdown = renderProgress(progress, locale);
      if (cardTemplateId !== undefined) {
        if (previous) return updateProgressCard(deps.callOpenApi, previous, markdown);
        return sendProgressCard(deps.callOpenApi, { robotCode: settings.robotCode, cardTemplateId }, to, markdown);
      }
      // Plain robot messages cannot be edited: each milestone is a new message, and its handle
      // only exists to satisfy the port (nothing can be done with it later).
      await postMarkdownToConversation(deps, to, markdown);
      return { channelId: to.channelId, messageId: `markdown-${randomUUID()}` };
    },

    async postToConversation(to, message, locale) {
      const markdown = renderMessage(message, locale);
      if (actionCard && message.actions?.length) {
        // Buttons need a card; without the template the markdown says what to type instead.
        const space =
          to.extra?.conversationType === '1' && to.extra.senderStaffId
            ? { user: to.extra.senderStaffId }
            : { group: to.channelId };
        await sendActionCard(deps.callOpenApi, actionCard, space, markdown, message.actions, locale);
        return;
      }
      await postMarkdownToConversation(deps, to, markdown);
    },

    async sendPrivate(to, message) {
      // Always one to one by staffId, never through a conversation: this is how secrets travel.
      const markdown = renderMessage(message, to.locale);
      if (actionCard && message.actions?.length) {
        await sendActionCard(deps.callOpenApi, actionCard, { user: to.userId }, markdown, message.actions, to.locale);
        return;
      }
      await sendPrivateMarkdown(deps.callOpenApi, settings.robotCode, to.userId, markdown);
    },
  };
}
