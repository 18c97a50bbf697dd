import { setTimeout as sleep } from 'node:timers/promises';
import { DWClient, type DWClientDownStream } from 'dingtalk-stream';
import WebSocket from 'ws';
import type { Logger } from '../../log.js';
import { GpubotError, isGpubotError } from '../../errors.js';
import { computeBackoff, DEFAULT_BACKOFF, type BackoffOptions } from './compute-backoff.js';
import { mapHttpError, mapNetworkError } from './map-http-error.js';

export interface GatewayStreamOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiUrl: string;
  readonly logger: Logger;
  readonly backoff?: BackoffOptions;
  /** WebSocket ping interval; a socket that misses one pong is dropped and reconnected. 0 = off. */
  readonly keepAliveMs?: number;
  /** A connection that lived this long is healthy: the next drop starts the backoff from scratch. */
  readonly stableAfterMs?: number;
}

/** The fields DWClient keeps TS-private but uses from its own methods (send, ping echo). */
interface DWClientInternals {
  socket?: WebSocket;
  dw_url?: string;
}

/**
 * DWClient with three changes, made by overriding its public methods (never patching the package):
 * the gateway is `<apiUrl>/v1.0/gateway/connections/open` instead of a hard-coded URL; reconnects
 * back off exponentially with jitter and never run concurrently (2.1.5 retries every second); and
 * the server's `disconnect` notice opens a fresh connection at once instead of waiting for the drop.
 * Frame parsing, callback dispatch, the ping echo and ack frames stay the SDK's.
 */
export class GatewayStreamClient extends DWClient {
  private readonly options: GatewayStreamOptions;
  private readonly log: Logger;
  private readonly abort = new AbortController();
  private connecting: Promise<void> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Sockets we closed on purpose; their close must not trigger a reconnect. */
  private readonly retired = new WeakSet<WebSocket>();

  constructor(options: GatewayStreamOptions) {
    super({ clientId: options.clientId, clientSecret: options.clientSecret, ua: 'gpubot-dingtalk/0.1', keepAlive: false });
    this.options = options;
    this.log = options.logger;
    // The SDK's own fixed-interval reconnect is replaced by scheduleReconnect below.
    this.config.autoReconnect = false;
    // The SDK subscribes to every EVENT by default; gpubot only needs the robot CALLBACK topic,
    // which registerCallbackListener adds.
    this.config.subscriptions = [];
  }

  private get internals(): DWClientInternals {
    return this as unknown as DWClientInternals;
  }

  override async getEndpoint(): Promise<this> {
    const what = 'DingTalk gateway connections/open';
    let response: Response;
    try {
      response = await fetch(`${this.options.apiUrl}/v1.0/gateway/connections/open`, {
        method: 'POST',
        // Without Accept: application/json the gateway answers XML.
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          clientId: this.config.clientId,
          clientSecret: this.config.clientSecret,
          ua: this.config.ua,
          subscriptions: this.config.subscriptions,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw mapNetworkError(what, error);
    }
    const body = (await response.json().catch(() => undefined)) as { endpoint?: unknown; ticket?: unknown } | undefined;
    if (!response.ok) throw mapHttpError(what, response.status, body, response.headers.get('retry-after'));
    if (typeof body?.endpoint !== 'string' || typeof body.ticket !== 'string') {
      throw new GpubotError('chat.dingtalk.bad_gateway_answer', `${what}: answer has no endpoint/ticket`, { retryable: true });
    }
    this.internals.dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  override _connect(): Promise<void> {
    const url = this.internals.dw_url;
    if (!url) return Promise.reject(new Error('getEndpoint() must run before _connect()'));
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      let openedAt: number | undefined;
      let alive = true;
      let pinger: NodeJS.Timeout | undefined;
      socket.on('open', () => {
        openedAt = Date.now();
        if (this.abort.signal.aborted) {
          this.retire(socket);
          reject(new GpubotError('chat.stopped', 'DingTalk stream client was stopped'));
          return;
        }
        const previous = this.internals.socket;
        this.internals.socket = socket;
        this.connected = true;
        if (previous && previous !== socket) this.retire(previous);
        const every = this.options.keepAliveMs ?? 10_000;
        if (every > 0) {
          pinger = setInterval(() => {
            if (!alive) {
              this.log.warn('DingTalk stream missed a pong; dropping the connection');
              socket.terminate();
              return;
            }
            alive = false;
            socket.ping();
          }, every);
        }
        this.log.info('DingTalk stream connected');
        resolve();
      });
      socket.on('pong', () => {
        alive = true;
      });
      socket.on('message', (data: WebSocket.RawData) => {
        alive = true;
        try {
          this.onDownStream(data.toString());
        } catch (error) {
          this.log.warn({ err: error }, 'could not handle a DingTalk stream frame');
        }
      });
      socket.on('error', (error) => {
        this.log.warn({ err: error }, 'DingTalk stream socket error');
        if (openedAt === undefined) reject(error);
      });
      socket.on('close', (code) => {
        if (pinger) clearInterval(pinger);
        if (this.internals.socket === socket) {
          this.internals.socket = undefined;
          this.connected = false;
        }
        if (openedAt === undefined) {
          reject(new Error(`DingTalk stream closed before opening (code ${code})`));
          return;
        }
        if (this.retired.has(socket) || this.abort.signal.aborted) return;
        if (Date.now() - openedAt >= (this.options.stableAfterMs ?? 30_000)) this.failures = 0;
        this.log.warn({ code }, 'DingTalk stream dropped; reconnecting');
        this.scheduleReconnect();
      });
    });
  }

  /**
   * Connects, retrying transient failures with backoff until it succeeds; concurrent callers share
   * one attempt. Rejects on a permanent error (e.g. a wrong AppKey/AppSecret) or after disconnect().
   */
  override connect(): Promise<void> {
    this.connecting ??= this.connectWithBackoff().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connectWithBackoff(): Promise<void> {
    for (;;) {
      if (this.abort.signal.aborted) throw new GpubotError('chat.stopped', 'DingTalk stream client was stopped');
      try {
        await this.getEndpoint();
        await this._connect();
        return;
      } catch (error) {
        if (isGpubotError(error) && !error.retryable) throw error;
        const delay = computeBackoff(this.failures, this.options.backoff ?? DEFAULT_BACKOFF);
        this.failures += 1;
        this.log.warn({ err: error, delayMs: delay, attempt: this.failures }, 'DingTalk stream connect failed; retrying');
        await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => undefined);
      }
    }
  }

  private scheduleReconnect(delayMs = computeBackoff(this.failures, this.options.backoff ?? DEFAULT_BACKOFF)): void {
    if (this.reconnectTimer || this.abort.signal.aborted) return;
    this.failures += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.internals.socket?.readyState === WebSocket.OPEN) return;
      this.connect().catch((error: unknown) => {
        if (!this.abort.signal.aborted) this.log.error({ err: error }, 'DingTalk stream cannot reconnect');
      });
    }, delayMs);
  }

  private retire(socket: WebSocket): void {
    this.retired.add(socket);
    socket.close();
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    if (downstream.headers.topic === 'disconnect' && !this.abort.signal.aborted) {
      // The server will close this socket in ~10 s (load balancing, expiry). Open the next one
      // now; the old socket is retired once the new one is open.
      this.log.info('DingTalk stream asked us to reconnect');
      this.connect().catch((error: unknown) => this.log.error({ err: error }, 'DingTalk stream cannot reconnect'));
    }
  }

  override disconnect(): void {
    this.abort.abort();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.internals.socket;
    if (socket) this.retire(socket);
    this.connected = false;
  }
}
