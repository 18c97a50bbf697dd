import { GpubotError } from '../../errors.js';
import { mapHttpError, mapNetworkError } from './map-http-error.js';
import type { DingTalkMarkdown } from './render-markdown.js';

const REQUEST_TIMEOUT_MS = 10_000;

/** The webhook answered but did not deliver (expired, revoked...): the caller should use the OpenAPI. */
export class WebhookRejectedError extends GpubotError {
  constructor(message: string) {
    super('chat.dingtalk.webhook_rejected', message);
  }
}

/**
 * POSTs a markdown message to a conversation's sessionWebhook (no token needed). The answer is
 * `{errcode, errmsg}`; a non-zero errcode or a 4xx means nothing was delivered.
 */
export async function postSessionWebhook(
  url: string,
  markdown: DingTalkMarkdown,
  atUserIds: readonly string[] = [],
): Promise<void> {
  const what = 'DingTalk sessionWebhook';
  // `at.atUserIds` alone does not render a mention: DingTalk also wants `@<staffId>` in the text.
  const mentions = atUserIds.map((id) => `@${id}`).join(' ');
  const text = mentions ? `${markdown.text}\n\n${mentions}` : markdown.text;
  const body: Record<string, unknown> = { msgtype: 'markdown', markdown: { title: markdown.title, text } };
  if (atUserIds.length > 0) body.at = { atUserIds, isAtAll: false };
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw mapNetworkError(what, error);
  }
  const answer = (await response.json().catch(() => undefined)) as { errcode?: unknown; errmsg?: unknown } | undefined;
  if (response.status >= 400 && response.status < 500 && response.status !== 429) {
    throw new WebhookRejectedError(`${what}: HTTP ${response.status}`);
  }
  if (!response.ok) throw mapHttpError(what, response.status, answer, response.headers.get('retry-after'));
  if (answer?.errcode !== undefined && answer.errcode !== 0) {
    throw new WebhookRejectedError(`${what}: errcode ${String(answer.errcode)} ${String(answer.errmsg ?? '')}`.trim());
  }
}
