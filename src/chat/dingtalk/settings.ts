/** What the DingTalk adapter needs; filled by config from the DINGTALK_* environment variables. */
export interface DingTalkSettings {
  /** The app's AppKey (Client ID). */
  readonly clientId: string;
  /** The app's AppSecret (Client Secret). Never logged. */
  readonly clientSecret: string;
  /** The robot's code; for an internal app's robot it equals the clientId. */
  readonly robotCode: string;
  /** Base URL of the DingTalk OpenAPI (gateway, tokens, robot API), e.g. https://api.dingtalk.com. */
  readonly apiUrl: string;
  /** Base URL of the legacy OpenAPI (`oapi.dingtalk.com`), used for department lookups. */
  readonly oapiUrl?: string;
  /** Interactive card template (e.g. the built-in `StandardCard`): enables progress edited in place. */
  readonly cardTemplateId?: string;
  /**
   * A template built on DingTalk's card platform with buttons that call back over the stream
   * (action-card.ts): enables buttons for confirmations and approvals.
   */
  readonly actionCardTemplateId?: string;
}

export const DEFAULT_DINGTALK_API_URL = 'https://api.dingtalk.com';

/** Fills the documented defaults (robotCode = clientId, the public API URL) and drops a trailing slash. */
export function resolveDingTalkSettings(input: {
  clientId: string;
  clientSecret: string;
  robotCode?: string | undefined;
  apiUrl?: string | undefined;
  cardTemplateId?: string | undefined;
}): DingTalkSettings {
  const settings: DingTalkSettings = {
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    robotCode: input.robotCode ?? input.clientId,
    apiUrl: (input.apiUrl ?? DEFAULT_DINGTALK_API_URL).replace(/\/+$/, ''),
  };
  return input.cardTemplateId ? { ...settings, cardTemplateId: input.cardTemplateId } : settings;
}
