import { createHash, randomBytes } from 'node:crypto';
import { GpubotError } from '../../errors.js';
import type { Locale } from '../../i18n/text.js';
import { translate } from '../../i18n/translate.js';
import type { MessageAction } from '../../messages/model.js';
import type { OpenApiCall } from './call-openapi.js';
import type { DingTalkMarkdown } from './render-markdown.js';

/** Where a card goes: a group (its openConversationId) or one person's chat with the robot (their staffId). */
export type CardSpace = { readonly group: string } | { readonly user: string };

/** The two buttons of the template, as their callbacks name them (`params.action`). */
export const CARD_BUTTONS = ['primary', 'secondary'] as const;
export type CardButton = (typeof CARD_BUTTONS)[number];

/** What a card's outTrackId carries back in its callback: the question's code and each button's action. */
export interface CardKey {
  readonly value: string;
  readonly actions: Readonly<Record<CardButton, string>>;
}

const KEY = /^gpubot_([a-z]+)_([a-z]+)_([a-z0-9-]{1,64})_[0-9a-f]{8}$/;
const ACTION_ID = /^[a-z]+$/;
/** A code, a cluster id or a notebook name (a DNS label): what a card's two buttons answer about. */
const VALUE = /^[a-z0-9-]{1,64}$/;

/**
 * Whether the template's card can carry these buttons: exactly two, about one value, with ids of
 * lowercase letters. Anything else goes as markdown with the commands to type.
 */
export function fitsActionCard(actions: readonly MessageAction[]): boolean {
  const [primary, secondary] = actions;
  return (
    actions.length === 2 &&
    primary !== undefined &&
    secondary !== undefined &&
    primary.value === secondary.value &&
    VALUE.test(primary.value) &&
    ACTION_ID.test(primary.id) &&
    ACTION_ID.test(secondary.id)
  );
}

/**
 * `gpubot_<primary>_<secondary>_<value>_<nonce>`: unique per card, and enough to answer its
 * callback. With a delivery id the nonce is derived from it, so a retried delivery names the same card.
 */
export function cardKeyFor(actions: readonly MessageAction[], deliveryId?: string): string {
  const [primary, secondary] = actions;
  if (!primary || !secondary || !fitsActionCard(actions)) {
    throw new Error('an action card has exactly two buttons, ids of lowercase letters, answering the same value');
  }
  const nonce = deliveryId ? createHash('sha256').update(deliveryId).digest('hex').slice(0, 8) : randomBytes(4).toString('hex');
  return `gpubot_${primary.id}_${secondary.id}_${primary.value}_${nonce}`;
}

export function parseCardKey(outTrackId: string): CardKey | undefined {
  const match = KEY.exec(outTrackId);
  if (!match) return undefined;
  return { value: match[3] as string, actions: { primary: match[1] as string, secondary: match[2] as string } };
}

interface DeliverAnswer {
  readonly success?: boolean;
  readonly result?: { readonly deliverResults?: readonly { success?: boolean; errorMsg?: string; spaceId?: string }[] };
}

/**
 * Sends a card with two buttons (card instances API, `createAndDeliver`, callbacks over the
 * Stream connection). The template (DINGTALK_ACTION_CARD_TEMPLATE_ID) is built on DingTalk's card
 * platform with the string variables `title`, `content` (markdown), `primaryLabel` and
 * `secondaryLabel`, and two buttons whose click is a callback (回传请求) with the parameter
 * `action` = `primary` or `secondary`.
 */
export async function sendActionCard(
  callOpenApi: OpenApiCall,
  options: { readonly robotCode: string; readonly templateId: string },
  space: CardSpace,
  markdown: DingTalkMarkdown,
  actions: readonly MessageAction[],
  locale: Locale,
  deliveryId?: string,
): Promise<string> {
  const outTrackId = cardKeyFor(actions, deliveryId);
  const [primary, secondary] = actions as [MessageAction, MessageAction];
  const group = 'group' in space;
  const body = {
    cardTemplateId: options.templateId,
    outTrackId,
    callbackType: 'STREAM',
    cardData: {
      cardParamMap: {
        title: markdown.title,
        content: markdown.text,
        primaryLabel: translate(locale, primary.label),
        secondaryLabel: translate(locale, secondary.label),
      },
    },
    openSpaceId: group ? `dtv1.card//IM_GROUP.${space.group}` : `dtv1.card//IM_ROBOT.${space.user}`,
    ...(group
      ? { imGroupOpenSpaceModel: { supportForward: false }, imGroupOpenDeliverModel: { robotCode: options.robotCode } }
      : {
          imRobotOpenSpaceModel: { supportForward: false },
          imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: options.robotCode },
        }),
    userIdType: 1,
  };
  const answer = ((await callOpenApi('POST', '/v1.0/card/instances/createAndDeliver', body)) ?? {}) as DeliverAnswer;
  const failed = answer.result?.deliverResults?.find((result) => result.success === false);
  if (failed) {
    throw new GpubotError(
      'chat.dingtalk.card_not_delivered',
      `DingTalk did not deliver card ${outTrackId} to ${failed.spaceId ?? '?'}: ${failed.errorMsg ?? 'no reason given'}`,
    );
  }
  return outTrackId;
}
