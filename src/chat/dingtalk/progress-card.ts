import { createHash, randomUUID } from 'node:crypto';
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

/**
 * The card's id, chosen by gpubot before sending: derived from the delivery id, so an attempt after
 * a crash knows which card an earlier attempt may have sent (and can update it instead).
 */
export function cardBizIdFor(deliveryId?: string): string {
  return deliveryId === undefined
    ? randomUUID().replace(/-/g, '')
    : createHash('sha256').update(deliveryId).digest('hex').slice(0, 32);
}

/** Sends a new progress card to the conversation (group or one-to-one) and returns its handle. */
export async function sendProgressCard(
  callOpenApi: OpenApiCall,
  options: { robotCode: string; cardTemplateId: string; cardBizId?: string },
  to: ConversationRef,
  markdown: DingTalkMarkdown,
): Promise<PostedMessage> {
  const cardBizId = options.cardBizId ?? cardBizIdFor();
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
