import { z } from 'zod';
import { endpoint, optionalString, required, type EnvOf } from './env-fields.js';

/** The chat platform gpubot serves and its credentials (who may use it: governance-config.ts). */
export const chatEnv = {
  GPUBOT_CHAT: z.enum(['console', 'slack', 'dingtalk']).optional(),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: endpoint.default('https://slack.com/api/'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Slack HTTP mode listens here: the Docker image sets 0.0.0.0; elsewhere loopback unless told. */
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  DINGTALK_ROBOT_CODE: optionalString,
  DINGTALK_API_URL: endpoint.default('https://api.dingtalk.com'),
  /** The legacy OpenAPI host (directory lookups for DINGTALK_ALLOWED_DEPARTMENTS). */
  DINGTALK_OAPI_URL: endpoint.default('https://oapi.dingtalk.com'),
  DINGTALK_CARD_TEMPLATE_ID: optionalString,
  /** A card-platform template with buttons that call back over the stream (confirmations, approvals). */
  DINGTALK_ACTION_CARD_TEMPLATE_ID: optionalString,
};

export type ChatKind = 'console' | 'slack' | 'dingtalk';

export interface SlackConfig {
  readonly botToken: string;
  readonly signingSecret: string;
  readonly appToken?: string;
  readonly apiUrl: string;
  readonly port: number;
  /** The interface Slack's HTTP receiver listens on. */
  readonly host: string;
}

export interface DingTalkConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly robotCode: string;
  readonly apiUrl: string;
  readonly oapiUrl: string;
  readonly cardTemplateId?: string;
  readonly actionCardTemplateId?: string;
}

export interface ChatConfig {
  readonly chat: ChatKind;
  readonly slack?: SlackConfig;
  readonly dingtalk?: DingTalkConfig;
}

export function chooseChat(e: EnvOf<typeof chatEnv>): ChatKind {
  if (e.GPUBOT_CHAT) return e.GPUBOT_CHAT;
  if (e.SLACK_BOT_TOKEN) return 'slack';
  if (e.DINGTALK_CLIENT_ID) return 'dingtalk';
  return 'console';
}

export function chatConfig(e: EnvOf<typeof chatEnv>): ChatConfig {
  const chat = chooseChat(e);
  const why = `for GPUBOT_CHAT=${chat}`;
  const slack: SlackConfig | undefined =
    chat === 'slack'
      ? {
          botToken: required(e.SLACK_BOT_TOKEN, 'SLACK_BOT_TOKEN', why),
          signingSecret: required(e.SLACK_SIGNING_SECRET, 'SLACK_SIGNING_SECRET', why),
          ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
          apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`,
          port: e.PORT,
          host: e.HOST,
        }
      : undefined;
  const clientId = chat === 'dingtalk' ? required(e.DINGTALK_CLIENT_ID, 'DINGTALK_CLIENT_ID', why) : '';
  const dingtalk: DingTalkConfig | undefined =
    chat === 'dingtalk'
      ? {
          clientId,
          clientSecret: required(e.DINGTALK_CLIENT_SECRET, 'DINGTALK_CLIENT_SECRET', why),
          robotCode: e.DINGTALK_ROBOT_CODE ?? clientId,
          apiUrl: e.DINGTALK_API_URL.replace(/\/+$/, ''),
          oapiUrl: e.DINGTALK_OAPI_URL.replace(/\/+$/, ''),
          ...(e.DINGTALK_CARD_TEMPLATE_ID ? { cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID } : {}),
          ...(e.DINGTALK_ACTION_CARD_TEMPLATE_ID ? { actionCardTemplateId: e.DINGTALK_ACTION_CARD_TEMPLATE_ID } : {}),
        }
      : undefined;
  return { chat, ...(slack ? { slack } : {}), ...(dingtalk ? { dingtalk } : {}) };
}
