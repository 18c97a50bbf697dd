import { App, SocketModeReceiver, type AppOptions } from '@slack/bolt';
import type { ChatReceiver, CoreHandlers } from '../port.js';
import type { Logger } from '../../log.js';
import { handleButtonPress, handleSlashCommand } from './handle-interactions.js';
import { createWebClient } from './create-web-client.js';
import { createSlackDirectory } from './slack-directory.js';
import { ACTION_PREFIX } from './render-buttons.js';
import type { SlackSettings } from './settings.js';
import { WEB_API_TIMEOUT_MS, webClientRetryConfig } from './settings.js';
import { toBoltLogger } from './to-bolt-logger.js';

export const SLASH_COMMANDS = ['/gpu-cluster', '/notebook'] as const;
export const EVENTS_PATH = '/slack/events';
/** Slack's limit is 3 s from when it sent the request; keep room for the network. */
const DEFAULT_ACK_BUDGET_MS = 2500;
/** The Web API's own default (about 30 minutes over 10 tries), used for apps.connections.open. */
const SOCKET_RETRY = { retries: 10, factor: 1.96821, randomize: true };

export interface SlackReceiverOptions {
  /** How long a command may wait for the core before being acked with "working on it". */
  readonly ackBudgetMs?: number;
  /** HTTP mode: interface to listen on (default: all). Tests use 127.0.0.1. */
  readonly host?: string;
}

export interface SlackReceiver extends ChatReceiver {
  /** HTTP mode: the port actually bound after start() (useful with port 0); undefined in Socket Mode. */
  readonly port: number | undefined;
}

/**
 * Slack → core. HTTP mode (Bolt's HTTPReceiver on `/slack/events`, signing-secret verified; Bolt
 * answers forged or stale requests with 401) or Socket Mode when an app token is set. Commands are
 * acked with the core's immediate reply, visible only to the invoker.
 */
export function createSlackReceiver(settings: SlackSettings, logger: Logger, options: SlackReceiverOptions = {}): SlackReceiver {
  const log = logger.child({ component: 'slack-receiver' });
  const budgetMs = options.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS;
  let app: App | undefined;
  let socket: SocketModeReceiver | undefined;
  let boundPort: number | undefined;
  /** Socket Mode: whether Slack said hello on the current WebSocket (the client's `connected` state). */
  let socketConnected = false;
  // Its own client (429s rejected at once): a lookup must not stall a command past its ack deadline.
  const directory = createSlackDirectory(createWebClient(settings, log));

  function buildApp(handlers: CoreHandlers, bot: { botUserId?: string; botId?: string }): App {
    const boltLogger = toBoltLogger(log);
    const clientOptions = {
      slackApiUrl: settings.apiUrl,
      retryConfig: webClientRetryConfig(settings),
      timeout: WEB_API_TIMEOUT_MS,
    };
    const common: AppOptions = {
      token: settings.botToken,
      logger: boltLogger,
      clientOptions,
      deferInitialization: true,
      // learnHome's auth.test already verified the token; with both ids known Bolt does not call it again.
      ...(bot.botId && bot.botUserId ? { botId: bot.botId, botUserId: bot.botUserId, tokenVerificationEnabled: false } : {}),
    };
    // Socket Mode gets an explicit receiver so stop() can wait for the WebSocket close handshake
    // (Bolt's own stop() does not), and so apps.connections.open also goes to SLACK_API_URL.
    socket = settings.appToken
      ? new SocketModeReceiver({
          appToken: settings.appToken,
          logger: boltLogger,
          // Reconnects must ride out a Slack blip: the client gives up for good if
          // apps.connections.open fails after its retries, leaving the bot deaf.
          installerOptions: {
            clientOptions: { ...clientOptions, retryConfig: settings.retryConfig ? { ...settings.retryConfig } : SOCKET_RETRY },
          },
        })
      : undefined;
    socket?.client.on('connected', () => (socketConnected = true));
    for (const state of ['disconnected', 'reconnecting', 'disconnecting'])
      socket?.client.on(state, () => (socketConnected = false));
    const built = socket
      ? new App({ ...common, receiver: socket })
      : new App({ ...common, signingSecret: settings.signingSecret, endpoints: EVENTS_PATH, port: settings.port });

    for (const name of SLASH_COMMANDS) built.command(name, handleSlashCommand(handlers, log, budgetMs));
    built.action({ type: 'block_actions', action_id: new RegExp(`^${ACTION_PREFIX}`) }, handleButtonPress(handlers, log));
    built.error(async (error) => {
      log.error({ err: error }, 'slack listener failed');
    });
    return built;
  }

  return {
    platform: 'slack',
    supportsActions: true,
    supportsFiles: true,
    directory,
    get port() {
      return boundPort;
    },

    async start(handlers: CoreHandlers): Promise<void> {
      if (app !== undefined) throw new Error('slack receiver already started');
      // Whose workspace this is decides whom gpubot serves: without it, start serving no one.
      const bot = await directory.learnHome();
      const built = buildApp(handlers, bot);
      await built.init();
      app = built;
      if (settings.appToken) {
        await built.start();
        log.info('slack receiver connected in Socket Mode');
      } else {
        const server = await built.start({ port: settings.port, ...(options.host === undefined ? {} : { host: options.host }) });
        const address = server.address();
        boundPort = typeof address === 'object' && address !== null ? address.port : settings.port;
        log.info(
          { host: options.host ?? 'all interfaces', port: boundPort, path: EVENTS_PATH },
          'slack receiver listening (HTTP mode)',
        );
      }
      log.info({ teams: directory.homeTenants() }, 'slack receiver serves these workspaces (and SLACK_ALLOWED_TEAMS)');
    },

    async stop(): Promise<void> {
      const running = app;
      const runningSocket = socket;
      app = undefined;
      socket = undefined;
      boundPort = undefined;
      if (runningSocket !== undefined) await runningSocket.client.disconnect();
      else if (running !== undefined) await running.stop();
      socketConnected = false;
    },

    readiness() {
      if (!app) return { ready: false, detail: 'not started' };
      if (settings.appToken) {
        return socketConnected
          ? { ready: true, detail: 'Socket Mode connected' }
          : { ready: false, detail: 'Socket Mode disconnected, reconnecting' };
      }
      return boundPort === undefined
        ? { ready: false, detail: 'not listening yet' }
        : { ready: true, detail: `listening on port ${boundPort} (${EVENTS_PATH})` };
    },
  };
}
