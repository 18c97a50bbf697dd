import { z } from 'zod';
import { CARD_BUTTONS, parseCardKey, type CardButton, type CardKey } from './action-card.js';

/**
 * A card callback as DingTalk pushes it on topic /v1.0/card/instances/callback (the frame's
 * `data`): who pressed (`userId`, a staffId since the card was sent with userIdType 1), their
 * organisation, the card (`outTrackId`), where it is (`spaceType`, `spaceId`), and `content`, a
 * JSON string whose `cardPrivateData.params` holds the button's callback parameters.
 */
const callbackSchema = z.object({
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  corpId: z.string().optional(),
  spaceType: z.string().optional(),
  spaceId: z.string().optional(),
  type: z.string().optional(),
  content: z.string(),
});

const contentSchema = z.object({
  cardPrivateData: z.object({
    actionIds: z.array(z.string()).optional(),
    params: z.record(z.string(), z.unknown()).default({}),
  }),
});

export interface CardPress {
  readonly key: CardKey;
  /** The action of the pressed button (`approve`, `confirm`...). */
  readonly actionId: string;
  readonly userId: string;
  readonly corpId?: string;
  /** `IM_GROUP` (spaceId = openConversationId) or `IM_ROBOT` (one to one), as DingTalk says. */
  readonly spaceType?: string;
  readonly spaceId?: string;
}

/** Parses a card callback's data; undefined for anything that is not a press on one of gpubot's cards. */
export function parseCardCallback(data: string): CardPress | undefined {
  let callback: z.infer<typeof callbackSchema>;
  let content: z.infer<typeof contentSchema>;
  try {
    callback = callbackSchema.parse(JSON.parse(data));
    content = contentSchema.parse(JSON.parse(callback.content));
  } catch {
    return undefined;
  }
  const key = parseCardKey(callback.outTrackId);
  const button = content.cardPrivateData.params.action;
  if (!key || !CARD_BUTTONS.includes(button as CardButton)) return undefined;
  return {
    key,
    actionId: key.actions[button as CardButton],
    userId: callback.userId,
    ...(callback.corpId ? { corpId: callback.corpId } : {}),
    ...(callback.spaceType ? { spaceType: callback.spaceType } : {}),
    ...(callback.spaceId ? { spaceId: callback.spaceId } : {}),
  };
}
