import { randomUUID } from 'node:crypto';

/** A card instance delivered with createAndDeliver: where it went and its template variables. */
export interface DeliveredCard {
  readonly outTrackId: string;
  readonly templateId: string;
  readonly callbackType: string;
  readonly spaces: readonly { readonly spaceType: 'IM_GROUP' | 'IM_ROBOT'; readonly spaceId: string }[];
  readonly params: Readonly<Record<string, string>>;
}

type Answer = { readonly status: number; readonly body: unknown };

/**
 * POST /v1.0/card/instances/createAndDeliver, checked field by field as the card API documents
 * them (the SDK's CreateAndDeliverRequest): a template, an outTrackId, string template variables,
 * callbacks over the stream, `dtv1.card//` spaces with the deliver model each space type needs.
 * Answers `{success, result: {outTrackId, deliverResults[]}}`; a user DingTalk does not know gets
 * `success: false` in their space's result.
 */
export function createAndDeliver(
  body: Record<string, unknown>,
  app: { readonly robotCode: string; readonly invalidUsers: ReadonlySet<string>; readonly cards: DeliveredCard[] },
): Answer {
  const bad = (message: string): Answer => ({ status: 400, body: { code: 'invalidParameter', message } });
  if (typeof body.cardTemplateId !== 'string' || body.cardTemplateId === '') return bad('cardTemplateId is required');
  if (typeof body.outTrackId !== 'string' || body.outTrackId === '') return bad('outTrackId is required');
  const callbackType = body.callbackType ?? 'STREAM';
  if (callbackType !== 'STREAM' && !(callbackType === 'HTTP' && typeof body.callbackRouteKey === 'string')) {
    return bad('callbackType must be STREAM, or HTTP with a callbackRouteKey');
  }
  const params = (body.cardData as { cardParamMap?: unknown } | undefined)?.cardParamMap;
  if (typeof params !== 'object' || params === null || Object.values(params).some((v) => typeof v !== 'string')) {
    return bad('cardData.cardParamMap must map names to strings');
  }
  const openSpaceId = typeof body.openSpaceId === 'string' ? body.openSpaceId : '';
  if (!openSpaceId.startsWith('dtv1.card//')) return bad('openSpaceId must start with dtv1.card//');
  const spaces = openSpaceId
    .slice('dtv1.card//'.length)
    .split(';')
    .filter(Boolean)
    .map((space) => {
      const dot = space.indexOf('.');
      return { spaceType: space.slice(0, dot).toUpperCase(), spaceId: space.slice(dot + 1) };
    });
  if (spaces.length === 0 || spaces.some((s) => (s.spaceType !== 'IM_GROUP' && s.spaceType !== 'IM_ROBOT') || !s.spaceId)) {
    return bad('openSpaceId names IM_GROUP.<openConversationId> or IM_ROBOT.<userId> spaces');
  }
  const group = body.imGroupOpenDeliverModel as { robotCode?: unknown } | undefined;
  const robot = body.imRobotOpenDeliverModel as { spaceType?: unknown } | undefined;
  if (spaces.some((s) => s.spaceType === 'IM_GROUP') && group?.robotCode !== app.robotCode) {
    return bad('imGroupOpenDeliverModel.robotCode must be the robot of this app');
  }
  if (spaces.some((s) => s.spaceType === 'IM_ROBOT') && robot?.spaceType !== 'IM_ROBOT') {
    return bad('imRobotOpenDeliverModel.spaceType must be IM_ROBOT');
  }
  const deliverResults = spaces.map((s) => {
    const invalid = s.spaceType === 'IM_ROBOT' && app.invalidUsers.has(s.spaceId);
    return {
      spaceType: s.spaceType,
      spaceId: s.spaceId,
      success: !invalid,
      ...(invalid ? { errorMsg: 'user not found' } : { carrierId: randomUUID() }),
    };
  });
  // The same outTrackId again does not overwrite the card (as the card API says).
  if (!app.cards.some((c) => c.outTrackId === body.outTrackId)) {
    app.cards.push({
      outTrackId: body.outTrackId,
      templateId: body.cardTemplateId,
      callbackType: String(callbackType),
      spaces: spaces.filter((_s, i) => deliverResults[i]?.success) as DeliveredCard['spaces'],
      params: params as Record<string, string>,
    });
  }
  return { status: 200, body: { success: true, result: { outTrackId: body.outTrackId, deliverResults } } };
}

/**
 * What DingTalk pushes on /v1.0/card/instances/callback when `userId` presses a button whose
 * callback parameters are `{"action": button}`: the fields of the SDKs' CardCallbackMessage, with
 * `content` a JSON string holding `cardPrivateData`.
 */
export function cardCallback(card: DeliveredCard, userId: string, button: string, corpId: string): Record<string, unknown> {
  const space = card.spaces.find((s) => s.spaceType === 'IM_GROUP' || s.spaceId === userId);
  if (!space) throw new Error(`fake DingTalk: card ${card.outTrackId} was not delivered where ${userId} can see it`);
  return {
    extension: '{}',
    corpId,
    spaceType: space.spaceType,
    userIdType: 1,
    type: 'actionCallback',
    userId,
    content: JSON.stringify({ cardPrivateData: { actionIds: [`button_${button}`], params: { action: button } } }),
    spaceId: space.spaceId,
    outTrackId: card.outTrackId,
  };
}
