import { randomUUID } from 'node:crypto';
import { GpubotError } from '../../errors.js';
import type { ConversationRef, PostedMessage } from '../port.js';
import type { OpenApiCall } from './call-openapi.js';
import type { DingTalkMarkdown } from './render-markdown.js';

/**
 * cardData for an interactive card (普通版). The layout is the StandardCard one used by DingTalk's
 * own SDKs: a header title and one markdown block, which is what is replaced on every update.
 */
export function buildCardData(markdown: DingTalkMarkdown): string {
  return JSON.stringify({
    config: { autoLayout: true, enableForward: true },
    header: { title: { type: 'text', text: markdown.title } },
    contents: [{ type: 'markdown', text: markdown.text, id: 'gpubot_progress' }],
  });
}

/** Sends a new progress card to the conversation (group or one-to-one) and returns its handle. */
export async function sendProgressCard(
  callOpenApi: OpenApiCall,
  options: { robotCode: string; cardTemplateId: string },
  to: ConversationRef,
  markdown: DingTalkMarkdown,
): Promise<PostedMessage> {
  const cardBizId = randomUUID().replace(/-/g, '');
  const body: Record<string, unknown> = {
    cardTemplateId: options.cardTemplateId,
    robotCode: options.robotCode,
    cardBizId,
    cardData: buildCardData(markdown),
    sendOptions: {},
  };
  if (to.extra?.conversationType === '1') {
    const staffId = to.extra.senderStaffId;
    if (!staffId) throw new GpubotError('chat.dingtalk.no_recipient', 'one-to-one conversation without senderStaffId');
    body.singleChatReceiver = JSON.stringify({ userId: staffId });
  } else {
    body.openConversationId = to.channelId;
  }
  await callOpenApi('POST', '/v1.0/im/v1.0/robot/interactiveCards/send', body);
  return { channelId: to.channelId, messageId: cardBizId };
}

/** Replaces the content of a card sent before; the card keeps its place in the chat. */
export async function updateProgressCard(
  callOpenApi: OpenApiCall,
  previous: PostedMessage,
  markdown: DingTalkMarkdown,
): Promise<PostedMessage> {
  await callOpenApi('PUT', '/v1.0/im/robots/interactiveCards', {
    cardBizId: previous.messageId,
    cardData: buildCardData(markdown),
  });
  return previous;
}
