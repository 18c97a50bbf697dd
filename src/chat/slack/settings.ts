/**
 * What the Slack adapter needs, filled by the config module from SLACK_BOT_TOKEN,
 * SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL and PORT.
 */
export interface SlackSettings {
  /** Bot token (xoxb-…), used for every Web API call. */
  readonly botToken: string;
  /** Verifies that HTTP requests come from Slack (unused in Socket Mode). */
  readonly signingSecret: string;
  /** App-level token (xapp-…, scope connections:write). When set, the receiver uses Socket Mode. */
  readonly appToken?: string;
  /** Web API base URL; a private gateway or a local fake in tests. */
  readonly apiUrl: string;
  /** HTTP mode: port of the request URL `/slack/events`. 0 picks a free port (tests). */
  readonly port: number;
  /**
   * In-process retries of 5xx/network failures by the WebClient. Defaults to none: the outbox
   * owns retries, so a restart loses nothing and no worker sleeps for minutes inside one call.
   */
  readonly retryConfig?: { readonly retries: number; readonly minTimeout?: number; readonly maxTimeout?: number };
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const DEFAULT_SLACK_PORT = 3000;

/** A Web API call that hangs must fail (and be retried by the outbox) rather than block a worker. */
export const WEB_API_TIMEOUT_MS = 10_000;

export function webClientRetryConfig(settings: SlackSettings): { retries: number; minTimeout?: number; maxTimeout?: number } {
  return settings.retryConfig === undefined ? { retries: 0 } : { ...settings.retryConfig };
}
