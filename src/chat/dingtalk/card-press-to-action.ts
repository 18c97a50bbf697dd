import type { Locale } from '../../i18n/text.js';
import type { ConversationRef, IncomingAction } from '../port.js';
import type { CardPress } from './parse-card-callback.js';
import type { DingTalkSettings } from './settings.js';

/**
 * A press on a gpubot card → IncomingAction. The pressing user and organisation come from DingTalk
 * over gpubot's own authenticated stream; the code the buttons answer comes from the card's id.
 */
export function toIncomingAction(
  press: CardPress,
  messageId: string,
  settings: DingTalkSettings,
  locale: Locale,
): IncomingAction {
  const group = press.spaceType === 'IM_GROUP' && press.spaceId !== undefined;
  const conversation: ConversationRef = group
    ? {
        platform: 'dingtalk',
        channelId: press.spaceId,
        extra: { conversationType: '2', robotCode: settings.robotCode },
      }
    : {
        platform: 'dingtalk',
        channelId: press.spaceId ?? press.userId,
        extra: { conversationType: '1', senderStaffId: press.userId, robotCode: settings.robotCode },
      };
  return {
    deliveryId: `card:${messageId}`,
    actionId: press.actionId,
    value: press.key.value,
    requester: {
      platform: 'dingtalk',
      userId: press.userId,
      locale,
      ...(press.corpId ? { tenantId: press.corpId } : {}),
    },
    conversation,
    // The card callback names the organisation it belongs to, as a robot message names chatbotCorpId.
    ...(press.corpId ? { hostTenantId: press.corpId } : {}),
  };
}
