import { webApi } from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { SlackSettings } from './settings.js';
import { WEB_API_TIMEOUT_MS, webClientRetryConfig } from './settings.js';
import { toBoltLogger } from './to-bolt-logger.js';

/**
 * The WebClient the sender uses. `rejectRateLimitedCalls` turns a 429 into an error at once
 * (instead of pausing an in-memory queue), so the outbox schedules the retry durably.
 */
export function createWebClient(settings: SlackSettings, logger: Logger): webApi.WebClient {
  return new webApi.WebClient(settings.botToken, {
    slackApiUrl: settings.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: webClientRetryConfig(settings),
    timeout: WEB_API_TIMEOUT_MS,
    logger: toBoltLogger(logger),
  });
}
