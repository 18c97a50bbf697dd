import { TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Logger } from '../../log.js';
import type { Locale } from '../../i18n/text.js';
import type { Message } from '../../messages/model.js';
import type { ChatReceiver, ConversationRef, CoreHandlers, IncomingCommand } from '../port.js';
import { fitsActionCard, sendActionCard } from './action-card.js';
import { toIncomingAction } from './card-press-to-action.js';
import { parseCardCallback } from './parse-card-callback.js';
import type { BackoffOptions } from './compute-backoff.js';
import { createConversationPostDeps } from './dingtalk-sender.js';
import { extractCommandText } from './extract-command-text.js';
import { GatewayStreamClient } from './gateway-stream-client.js';
import { createDingTalkDirectory } from './dingtalk-directory.js';
import { EXTERNAL_USER, INTERNAL_ERROR, NON_TEXT_HELP, PRIVATE_FAILED } from './help-messages.js';
import { parseRobotMessage, type RobotMessage } from './parse-robot-message.js';
import { postMarkdownToConversation } from './post-to-conversation.js';
import { RecentIds } from './recent-ids.js';
import { renderMessage } from './render-markdown.js';
import { sendPrivateMarkdown } from './send-private-markdown.js';
import type { DingTalkSettings } from './settings.js';

export interface DingTalkReceiverOptions {
  readonly backoff?: BackoffOptions;
  readonly keepAliveMs?: number;
  readonly stableAfterMs?: number;
}

/** DingTalk users are mostly Chinese speakers; the core may switch to a stored preference. */
const DEFAULT_LOCALE: Locale = 'zh-CN';

function conversationOf(message: RobotMessage, settings: DingTalkSettings): ConversationRef {
  const extra: Record<string, string> = {
    conversationType: message.conversationType,
    robotCode: message.robotCode ?? settings.robotCode,
  };
  if (message.sessionWebhook) extra.sessionWebhook = message.sessionWebhook;
  if (message.sessionWebhookExpiredTime !== undefined)
    extra.sessionWebhookExpiredTime = String(message.sessionWebhookExpiredTime);
  if (message.senderStaffId) extra.senderStaffId = message.senderStaffId;
  return { platform: 'dingtalk', channelId: message.conversationId, extra };
}

/**
 * The DingTalk ChatReceiver: a Stream-mode connection subscribed to robot messages. Each callback
 * is acknowledged before any work (the SDK does not ack callbacks), then cleaned up and handed to
 * the core; the core's immediate answer goes back through the message's sessionWebhook.
 */
export function createDingTalkReceiver(
  settings: DingTalkSettings,
  logger: Logger,
  options: DingTalkReceiverOptions = {},
): ChatReceiver {
  const log = logger.child({ platform: 'dingtalk' });
  const replies = createConversationPostDeps(settings, log);
  const recent = new RecentIds();
  const inflight = new Set<Promise<void>>();
  let client: GatewayStreamClient | undefined;

  async function reply(
    message: RobotMessage,
    content: Message,
    locale: Locale = DEFAULT_LOCALE,
    privateOnly = false,
  ): Promise<void> {
    const conversation = conversationOf(message, settings);
    const group = message.conversationType === '2';
    const templateId = settings.actionCardTemplateId;
    if (templateId && content.actions?.length && fitsActionCard(content.actions) && message.senderStaffId) {
      // Buttons: a card in the group, or in the sender's chat with the robot when it is for them alone.
      const space = group && !privateOnly ? { group: message.conversationId } : { user: message.senderStaffId };
      const robotCode = message.robotCode ?? settings.robotCode;
      try {
        await sendActionCard(
          replies.callOpenApi,
          { robotCode, templateId },
          space,
          renderMessage(content, locale),
          content.actions,
          locale,
        );
        return;
      } catch (error) {
        // The markdown shows the commands that do what the buttons would; they go to the sender alone.
        log.warn({ err: error, msgId: message.msgId }, 'could not send an action card; answering with markdown');
        privateOnly = true;
      }
    }
    // A group has no "only you can see this": what is for the sender alone goes one to one.
    if (group && privateOnly && message.senderStaffId) {
      try {
        await sendPrivateMarkdown(
          replies.callOpenApi,
          message.robotCode ?? settings.robotCode,
          message.senderStaffId,
          renderMessage(content, locale),
        );
        return;
      } catch (error) {
        log.warn({ err: error, msgId: message.msgId }, 'could not answer one to one; telling the group without the content');
        content = PRIVATE_FAILED;
      }
    }
    // In a group the reply @-mentions the sender so they notice it among other messages.
    const at = group && message.senderStaffId ? [message.senderStaffId] : [];
    await postMarkdownToConversation(replies, conversation, renderMessage(content, locale), at);
  }

  async function handle(message: RobotMessage, core: CoreHandlers): Promise<void> {
    if (!recent.add(message.msgId)) {
      log.debug({ msgId: message.msgId }, 'DingTalk redelivered a message; ignoring');
      return;
    }
    const commandText = extractCommandText(message);
    if (commandText === undefined) {
      await reply(message, NON_TEXT_HELP);
      return;
    }
    if (!message.senderStaffId) {
      await reply(message, EXTERNAL_USER);
      return;
    }
    const command: IncomingCommand = {
      deliveryId: message.msgId,
      text: commandText,
      requester: {
        platform: 'dingtalk',
        userId: message.senderStaffId,
        ...(message.senderNick ? { displayName: message.senderNick } : {}),
        locale: DEFAULT_LOCALE,
        ...(message.senderCorpId ? { tenantId: message.senderCorpId } : {}),
      },
      conversation: conversationOf(message, settings),
      // Only DingTalk sets chatbotCorpId, on gpubot's own authenticated stream: the robot's organisation.
      ...(message.chatbotCorpId ? { hostTenantId: message.chatbotCorpId } : {}),
    };
    let answer;
    try {
      answer = await core.command(command);
    } catch (error) {
      log.error({ err: error, msgId: message.msgId }, 'core failed to handle a DingTalk command');
      await reply(message, INTERNAL_ERROR);
      return;
    }
    if (answer) await reply(message, answer.message, answer.locale, answer.privateOnly ?? answer.rejected);
  }

  function onRobotFrame(frame: DWClientDownStream, core: CoreHandlers): void {
    // Ack first: processing may take seconds, and an unacked callback may be pushed again.
    client?.socketCallBackResponse(frame.headers.messageId, null);
    const message = parseRobotMessage(frame.data);
    if (!message) {
      log.warn({ messageId: frame.headers.messageId }, 'ignoring a robot callback that is not a robot message');
      return;
    }
    const work = handle(message, core)
      .catch((error: unknown) => log.error({ err: error, msgId: message.msgId }, 'could not answer a DingTalk message'))
      .finally(() => inflight.delete(work));
    inflight.add(work);
  }

  /** A press on one of our cards: acked at once, answered one to one to whoever pressed. */
  function onCardFrame(frame: DWClientDownStream, core: CoreHandlers): void {
    client?.socketCallBackResponse(frame.headers.messageId, {});
    const press = parseCardCallback(frame.data);
    if (!press) {
      log.warn({ messageId: frame.headers.messageId }, 'ignoring a card callback that is not a press on a gpubot card');
      return;
    }
    const action = toIncomingAction(press, frame.headers.messageId, settings, DEFAULT_LOCALE);
    const robotCode = settings.robotCode;
    const work = core
      .action(action)
      .then(async (answer) => {
        if (!answer) return;
        const markdown = renderMessage(answer.message, answer.locale ?? DEFAULT_LOCALE);
        await sendPrivateMarkdown(replies.callOpenApi, robotCode, press.userId, markdown);
      })
      .catch((error: unknown) => log.error({ err: error, messageId: frame.headers.messageId }, 'could not answer a card press'))
      .finally(() => inflight.delete(work));
    inflight.add(work);
  }

  return {
    platform: 'dingtalk',
    supportsActions: settings.actionCardTemplateId !== undefined,
    directory: createDingTalkDirectory(settings),

    async start(core) {
      if (client) throw new Error('DingTalk receiver already started');
      client = new GatewayStreamClient({
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        apiUrl: settings.apiUrl,
        logger: log,
        ...options,
      });
      client.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => onRobotFrame(frame, core));
      if (settings.actionCardTemplateId) {
        client.registerCallbackListener(TOPIC_CARD, (frame: DWClientDownStream) => onCardFrame(frame, core));
      }
      try {
        await client.connect();
      } catch (error) {
        client.disconnect();
        client = undefined;
        throw error;
      }
    },

    async stop() {
      client?.disconnect();
      client = undefined;
      await Promise.allSettled([...inflight]);
    },

    readiness() {
      if (!client) return { ready: false, detail: 'not started' };
      // The stream reconnects by itself; until it has, robot messages cannot arrive.
      return client.connected
        ? { ready: true, detail: 'stream connected' }
        : { ready: false, detail: 'stream disconnected, reconnecting' };
    },
  };
}
