import { createHmac, randomBytes } from 'node:crypto';

/**
 * Builds requests exactly as Slack sends them to a request URL: form-encoded bodies with the
 * content type Bolt matches byte for byte, signed with the v0 HMAC-SHA256 scheme.
 */
export function signSlackBody(signingSecret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface PostResult {
  readonly status: number;
  readonly body: string;
  readonly contentType: string | null;
  readonly elapsedMs: number;
  json<T = Record<string, unknown>>(): T;
}

export interface SignOptions {
  /** Seconds since the epoch; default now. */
  readonly timestampSec?: number;
  /** Overrides the computed signature; null sends no signature header at all. */
  readonly signature?: string | null;
}

export async function postSignedForm(
  url: string,
  signingSecret: string,
  fields: Record<string, string>,
  options: SignOptions = {},
): Promise<PostResult> {
  const body = new URLSearchParams(fields).toString();
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const signature = options.signature === undefined ? signSlackBody(signingSecret, timestampSec, body) : options.signature;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestampSec),
  };
  if (signature !== null) headers['x-slack-signature'] = signature;
  const started = Date.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    body: text,
    contentType: response.headers.get('content-type'),
    elapsedMs: Date.now() - started,
    json: <T>() => JSON.parse(text) as T,
  };
}

export const newTriggerId = (): string => `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;

export interface SlashCommandInput {
  readonly command: string;
  readonly text: string;
  readonly userId: string;
  readonly userName?: string;
  readonly channelId?: string;
  readonly teamId?: string;
  readonly triggerId?: string;
  readonly responseUrl: string;
}

/** The form fields of a slash command, in the order and with the names Slack uses. */
export function slashCommandFields(input: SlashCommandInput): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: input.teamId ?? 'T0001',
    team_domain: 'example',
    channel_id: input.channelId ?? 'C2147483705',
    channel_name: 'gpu',
    user_id: input.userId,
    user_name: input.userName ?? 'steve',
    command: input.command,
    text: input.text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? newTriggerId(),
  };
}

export interface BlockActionInput {
  readonly actionId: string;
  readonly value: string;
  readonly userId: string;
  readonly userName?: string;
  readonly channelId?: string;
  readonly teamId?: string;
  readonly messageTs?: string;
  readonly triggerId?: string;
  readonly responseUrl: string;
}

/** A `block_actions` payload for a button press (the object Slack JSON-encodes into `payload`). */
export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const channelId = input.channelId ?? 'C2147483705';
  const messageTs = input.messageTs ?? '1700000001.000100';
  return {
    type: 'block_actions',
    user: {
      id: input.userId,
      username: input.userName ?? 'steve',
      name: input.userName ?? 'steve',
      team_id: input.teamId ?? 'T0001',
    },
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: true },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: input.teamId ?? 'T0001', domain: 'example' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: 'gpu' },
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.actionId,
        block_id: 'gpubot_actions',
        text: { type: 'plain_text', text: 'Confirm', emoji: true },
        value: input.value,
        type: 'button',
        action_ts: `${Math.floor(Date.now() / 1000)}.${String(Date.now() % 1000).padStart(6, '0')}`,
      },
    ],
  };
}

/** Interactive requests arrive form-encoded with one `payload` field holding JSON. */
export function blockActionFields(input: BlockActionInput): Record<string, string> {
  return { payload: JSON.stringify(blockActionPayload(input)) };
}
