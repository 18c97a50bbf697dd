import type { Logger } from '../../log.js';
import { GpubotError } from '../../errors.js';
import type { ConversationRef } from '../port.js';
import type { OpenApiCall } from './call-openapi.js';
import { postSessionWebhook, WebhookRejectedError } from './post-session-webhook.js';
import type { DingTalkMarkdown } from './render-markdown.js';
import { sendPrivateMarkdown } from './send-private-markdown.js';

/** Stop using a sessionWebhook a minute before it expires, so a slow request does not land late. */
export const WEBHOOK_SAFETY_MARGIN_MS = 60_000;

export interface ConversationPostDeps {
  readonly robotCode: string;
  readonly callOpenApi: OpenApiCall;
  readonly logger: Logger;
  readonly now: () => number;
}

function webhookIfValid(to: ConversationRef, now: number): string | undefined {
  const url = to.extra?.sessionWebhook;
  const expiresAt = Number(to.extra?.sessionWebhookExpiredTime ?? 0);
  return url && Number.isFinite(expiresAt) && expiresAt - WEBHOOK_SAFETY_MARGIN_MS > now ? url : undefined;
}

/**
 * Posts markdown where a request came from. The sessionWebhook is free and needs no token but
 * lives about 90 minutes; long jobs outlive it, so afterwards a group gets the robot's group
 * message API and a one-to-one chat gets a one-to-one robot message to the same person.
 */
export async function postMarkdownToConversation(
  deps: ConversationPostDeps,
  to: ConversationRef,
  markdown: DingTalkMarkdown,
  atUserIds: readonly string[] = [],
): Promise<void> {
  const webhook = webhookIfValid(to, deps.now());
  if (webhook) {
    try {
      await postSessionWebhook(webhook, markdown, atUserIds);
      return;
    } catch (error) {
      if (!(error instanceof WebhookRejectedError)) throw error;
      deps.logger.warn(
        { conversationId: to.channelId, reason: error.message },
        'sessionWebhook refused the message; using the OpenAPI',
      );
    }
  }
  if (to.extra?.conversationType === '1') {
    const staffId = to.extra.senderStaffId;
    if (!staffId) throw new GpubotError('chat.dingtalk.no_recipient', 'one-to-one conversation without senderStaffId');
    await sendPrivateMarkdown(deps.callOpenApi, deps.robotCode, staffId, markdown);
    return;
  }
  await deps.callOpenApi('POST', '/v1.0/robot/groupMessages/send', {
    robotCode: deps.robotCode,
    openConversationId: to.channelId,
    msgKey: 'sampleMarkdown',
    msgParam: JSON.stringify({ title: markdown.title, text: markdown.text }),
  });
}
