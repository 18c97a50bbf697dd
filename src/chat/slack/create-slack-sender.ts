import type { ChatSender, ConversationRef, PostedMessage, Requester } from '../port.js';
import type { Locale } from '../../i18n/text.js';
import type { Logger } from '../../log.js';
import type { Message, Progress } from '../../messages/model.js';
import { GpubotError } from '../../errors.js';
import type { SlackMessage } from './block-text.js';
import { createWebClient } from './create-web-client.js';
import { mapSlackError, platformErrorOf } from './map-slack-error.js';
import { renderMessageBlocks, renderProgressBlocks } from './render-blocks.js';
import type { SlackSettings } from './settings.js';

/** chat.update errors after which the old message cannot be edited: post a fresh one instead. */
const GONE_ERRORS = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);
/** DM channel ids are stable per user; remembering them saves a conversations.open per DM. */
const DM_CACHE_SIZE = 1000;

/**
 * Posts gpubot's messages through the Slack Web API. Every failure leaves as a GpubotError
 * (RetryableError for 429/5xx/network), so the outbox decides when to try again.
 */
export function createSlackSender(settings: SlackSettings, logger: Logger): ChatSender {
  const log = logger.child({ component: 'slack-sender' });
  const client = createWebClient(settings, log);
  const dmChannels = new Map<string, string>();

  async function call<T>(method: string, channel: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw mapSlackError(error, method, channel);
    }
  }

  async function post(channel: string, rendered: SlackMessage): Promise<PostedMessage> {
    const result = await call('chat.postMessage', channel, () =>
      client.chat.postMessage({
        channel,
        text: rendered.text,
        blocks: rendered.blocks,
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (typeof result.channel !== 'string' || typeof result.ts !== 'string') {
      throw new GpubotError('chat.platform_error', 'Slack chat.postMessage answered without channel/ts');
    }
    return { channelId: result.channel, messageId: result.ts };
  }

  async function openDm(userId: string): Promise<string> {
    const cached = dmChannels.get(userId);
    if (cached !== undefined) return cached;
    const result = await call('conversations.open', userId, () => client.conversations.open({ users: userId }));
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
    ): Promise<PostedMessage> {
      const rendered = renderProgressBlocks(progress, locale);
      if (previous === undefined) return post(to.channelId, rendered);
      try {
        // Blocks are resent on every update: chat.update with text only would drop them.
        await client.chat.update({
          channel: previous.channelId,
          ts: previous.messageId,
          text: rendered.text,
          blocks: rendered.blocks,
        });
        return previous;
      } catch (error) {
        const code = platformErrorOf(error);
        if (code === undefined || !GONE_ERRORS.has(code)) throw mapSlackError(error, 'chat.update', previous.channelId);
        log.info(
          { channel: previous.channelId, ts: previous.messageId, error: code },
          'progress message can no longer be edited; posting a new one',
        );
        return post(to.channelId, rendered);
      }
    },

    async postToConversation(to: ConversationRef, message: Message, locale: Locale): Promise<void> {
      await post(to.channelId, renderMessageBlocks(message, locale));
    },

    async sendPrivate(to: Requester, message: Message): Promise<void> {
      const channel = await openDm(to.userId);
      await post(channel, renderMessageBlocks(message, to.locale));
    },
  };
}
