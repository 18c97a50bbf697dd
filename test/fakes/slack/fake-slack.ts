import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A fake Slack on loopback that the real Bolt/WebClient code talks to: the Web API methods gpubot
 * uses, a Socket Mode endpoint (apps.connections.open + WebSocket) and a response_url sink.
 * Every call is recorded with its parsed arguments for assertions.
 */
export interface FakeSlackCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly contentType: string;
  readonly at: number;
  /** The HTTP status the fake answered with (200 also for `ok:false`). */
  status?: number;
}

export interface ResponseUrlPost {
  readonly id: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface SocketAck {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
  readonly at: number;
}

export interface FakeMessage {
  readonly channel: string;
  readonly ts: string;
  text: unknown;
  blocks: unknown;
  updates: number;
  /** chat.postMessage's `metadata` ({event_type, event_payload}), returned by conversations.history. */
  readonly metadata?: unknown;
}

/** A call the fake took in and holds (see `hold`). */
export interface HeldCall {
  /** Resolves when the call has arrived (and, with `after: 'processed'`, has taken effect). */
  readonly arrived: Promise<FakeSlackCall>;
  /** Lets the held answer go out (if the caller is still there to read it). */
  release(): void;
}

/** What users.info answers for one user (fields as Slack names them). */
export interface FakeSlackUser {
  readonly team_id?: string;
  readonly is_restricted?: boolean;
  readonly is_ultra_restricted?: boolean;
  readonly is_stranger?: boolean;
  readonly real_name?: string;
}

/** A file uploaded with files.getUploadURLExternal → POST to the upload URL → files.completeUploadExternal. */
export interface FakeUploadedFile {
  readonly id: string;
  readonly filename: string;
  readonly length: number;
  /** The bytes POSTed to the upload URL, as text. */
  content?: string;
  title?: string;
  /** Where files.completeUploadExternal shared it. */
  channel?: string;
  completed: boolean;
}

export interface FakeSlackOptions {
  readonly botToken?: string;
  readonly appToken?: string;
  readonly botUserId?: string;
  readonly botId?: string;
  readonly teamId?: string;
}

type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.startsWith('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  return args;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class FakeSlack {
  readonly calls: FakeSlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly acks: SocketAck[] = [];
  readonly messages = new Map<string, FakeMessage>();
  readonly botToken: string;
  readonly appToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  /** Channels where chat.postMessage answers `not_in_channel`. */
  readonly channelsWithoutBot = new Set<string>();
  /** users.info answers; a user not listed is a full member of this workspace. */
  readonly users = new Map<string, FakeSlackUser>();
  readonly files = new Map<string, FakeUploadedFile>();

  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly rateLimits = new Map<string, { remaining: number; retryAfterSec: number }>();
  private readonly failures = new Map<string, { remaining: number; error: string }>();
  private readonly windows: { method: string; until: number; status: number; retryAfterSec?: number }[] = [];
  private readonly holds = new Map<
    string,
    { after: 'received' | 'processed'; arrived: (call: FakeSlackCall) => void; released: Promise<void> }
  >();
  private readonly ackWaiters = new Map<string, (ack: SocketAck) => void>();
  private helloWaiters: (() => void)[] = [];
  private tsCounter = 0;
  private port = 0;

  private constructor(options: FakeSlackOptions) {
    this.botToken = options.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = options.appToken ?? 'xapp-fake-app-token';
    this.botUserId = options.botUserId ?? 'UBOT0001';
    this.botId = options.botId ?? 'BBOT0001';
    this.teamId = options.teamId ?? 'T0001';
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    this.server.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/link')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** SLACK_API_URL for the code under test. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** A response_url whose POSTs are recorded under `id`. */
  responseUrl(id: string = randomUUID()): string {
    return `${this.baseUrl}/response/${id}`;
  }

  callsTo(method: string): FakeSlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** The next `count` calls of `method` answer HTTP 429 with `Retry-After: retryAfterSec`. */
  rateLimitNext(method: string, count: number, retryAfterSec = 1): void {
    this.rateLimits.set(method, { remaining: count, retryAfterSec });
  }

  /**
   * Until `ms` from now every Web API call (`method` '*') or every call of `method` answers HTTP
   * `status`: 503 for an outage, 429 (with Retry-After: `retryAfterSec`) for a rate limit.
   */
  failFor(method: string, ms: number, status: 503 | 500 | 429, retryAfterSec = 1): void {
    this.windows.push({ method, until: Date.now() + ms, status, ...(status === 429 ? { retryAfterSec } : {}) });
  }

  /**
   * The next call of `method` is held: with `after: 'processed'` it takes effect (a message is
   * posted) but its answer is withheld, as when the caller dies between "sent" and "recorded";
   * with `after: 'received'` nothing happens until release.
   */
  hold(method: string, after: 'received' | 'processed'): HeldCall {
    let arrived!: (call: FakeSlackCall) => void;
    let release!: () => void;
    const arrival = new Promise<FakeSlackCall>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(method, { after, arrived, released });
    return { arrived: arrival, release };
  }

  /** Messages whose metadata names `deliveryId` (gpubot's delivery marker). */
  markedMessages(deliveryId: string): FakeMessage[] {
    return [...this.messages.values()].filter(
      (m) => (m.metadata as { event_payload?: { delivery_id?: unknown } } | undefined)?.event_payload?.delivery_id === deliveryId,
    );
  }

  /** The next `count` calls of `method` answer `{ok:false, error}`. */
  failNext(method: string, error: string, count = 1): void {
    this.failures.set(method, { remaining: count, error });
  }

  /** Resolves once `predicate` holds, polling (for effects that happen after an ack). */
  async waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error('FakeSlack.waitFor timed out');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Resolves when a Socket Mode client is connected and has been sent `hello`. */
  async waitForSocket(timeoutMs = 3000): Promise<void> {
    if (this.sockets.size > 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no Socket Mode connection')), timeoutMs);
      this.helloWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Pushes an envelope over Socket Mode; resolves with the client's ack. */
  async pushEnvelope(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: unknown,
    timeoutMs = 3000,
  ): Promise<SocketAck> {
    const socket = [...this.sockets].at(-1);
    if (socket === undefined) throw new Error('no Socket Mode connection');
    const envelopeId = randomUUID();
    const acked = new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`envelope ${envelopeId} not acked`)), timeoutMs);
      this.ackWaiters.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
    return acked;
  }

  /** Closes every Socket Mode connection (1001, going away), as Slack does when it moves a client. */
  dropSockets(): void {
    for (const socket of this.sockets) socket.close(1001, 'going away');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
      if (typeof frame.envelope_id !== 'string') return;
      const ack: SocketAck = {
        envelope_id: frame.envelope_id,
        at: Date.now(),
        ...(frame.payload ? { payload: frame.payload } : {}),
      };
      this.acks.push(ack);
      this.ackWaiters.get(frame.envelope_id)?.(ack);
      this.ackWaiters.delete(frame.envelope_id);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        connection_info: { app_id: 'A0001' },
        debug_info: { host: 'fake-slack' },
      }),
    );
    const waiters = this.helloWaiters;
    this.helloWaiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * Step 2 of an external upload: Slack takes the bytes at the URL it handed out, raw or as a
   * multipart form (the Node SDK sends a form), and answers 200.
   */
  private async receiveUpload(id: string, raw: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.files.get(id);
    if (file === undefined || file.completed) {
      res.writeHead(404).end();
      return;
    }
    const contentType = req.headers['content-type'] ?? 'application/octet-stream';
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
      const part = [...form.values()].find((value) => typeof value !== 'string');
      file.content = part === undefined ? String([...form.values()][0] ?? '') : await part.text();
    } else file.content = raw.toString('utf8');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const bytes = await readBody(req);
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      await this.receiveUpload(url.pathname.slice('/upload/'.length), bytes, req, res);
      return;
    }
    const raw = bytes.toString('utf8');
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      this.responses.push({
        id: url.pathname.slice('/response/'.length),
        body: JSON.parse(raw) as Record<string, unknown>,
        at: Date.now(),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const contentType = req.headers['content-type'] ?? '';
    const args = parseArgs(raw, contentType);
    const call: FakeSlackCall = { method, args, contentType, at: Date.now() };
    this.calls.push(call);
    const hold = this.holds.get(method);
    if (hold) this.holds.delete(method);
    if (hold?.after === 'received') {
      hold.arrived(call);
      await hold.released;
      // The caller died before Slack acted on the request: it never took effect.
      if (req.socket.destroyed) return;
    }
    const answer = this.answer(method, args, req.headers.authorization);
    call.status = answer.status;
    if (hold?.after === 'processed') {
      hold.arrived(call);
      await hold.released;
    }
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
  }

  private answer(method: string, args: Record<string, unknown>, authorization: string | undefined): Answer {
    const now = Date.now();
    const window = this.windows.find((w) => w.until > now && (w.method === '*' || w.method === method));
    if (window?.status === 429) {
      return {
        status: 429,
        headers: { 'retry-after': String(window.retryAfterSec ?? 1) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    if (window) return { status: window.status, body: { ok: false, error: 'service_unavailable' } };
    const limited = this.rateLimits.get(method);
    if (limited !== undefined && limited.remaining > 0) {
      limited.remaining -= 1;
      return {
        status: 429,
        headers: { 'retry-after': String(limited.retryAfterSec) },
        body: { ok: false, error: 'ratelimited' },
      };
    }
    const expected = method === 'apps.connections.open' ? this.appToken : this.botToken;
    if (authorization === undefined) return fail('not_authed');
    if (authorization !== `Bearer ${expected}`) return fail('invalid_auth');
    const failure = this.failures.get(method);
    if (failure !== undefined && failure.remaining > 0) {
      failure.remaining -= 1;
      return fail(failure.error);
    }
    return this.methods(method, args);
  }

  private methods(method: string, args: Record<string, unknown>): Answer {
    switch (method) {
      case 'auth.test':
        return ok({
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'gpubot',
          team_id: this.teamId,
          user_id: this.botUserId,
          bot_id: this.botId,
        });
      case 'apps.connections.open':
        return ok({ url: `ws://127.0.0.1:${this.port}/link/?ticket=${randomUUID()}` });
      case 'conversations.open': {
        const users = String(args.users ?? '')
          .split(',')
          .filter(Boolean);
        const user = users[0];
        if (users.length !== 1 || user === undefined || !user.startsWith('U')) return fail('user_not_found');
        return ok({ channel: { id: `D${user.slice(1)}` } });
      }
      case 'chat.postMessage': {
        const requested = String(args.channel ?? '');
        if (requested === '') return fail('channel_not_found');
        if (this.channelsWithoutBot.has(requested)) return fail('not_in_channel');
        if (args.text === undefined && args.blocks === undefined) return fail('no_text');
        // Posting to a user id opens (or reuses) the DM with that user.
        const channel = requested.startsWith('U') ? `D${requested.slice(1)}` : requested;
        const ts = this.nextTs();
        this.messages.set(`${channel}/${ts}`, {
          channel,
          ts,
          text: args.text,
          blocks: args.blocks,
          updates: 0,
          ...(args.metadata === undefined ? {} : { metadata: args.metadata }),
        });
        return ok({ channel, ts, message: { type: 'message', text: args.text, blocks: args.blocks, bot_id: this.botId, ts } });
      }
      case 'chat.update': {
        const stored = this.messages.get(`${String(args.channel)}/${String(args.ts)}`);
        if (stored === undefined) return fail('message_not_found');
        stored.text = args.text;
        stored.blocks = args.blocks;
        stored.updates += 1;
        return ok({ channel: stored.channel, ts: stored.ts, text: args.text });
      }
      case 'conversations.history':
        return this.history(args);
      case 'users.info': {
        const id = String(args.user ?? '');
        if (!/^[UW][A-Z0-9]+$/.test(id)) return fail('user_not_found');
        const user = this.users.get(id) ?? {};
        return ok({
          user: {
            id,
            team_id: user.team_id ?? this.teamId,
            name: id.toLowerCase(),
            real_name: user.real_name ?? id,
            deleted: false,
            is_bot: false,
            is_restricted: user.is_restricted ?? false,
            is_ultra_restricted: user.is_ultra_restricted ?? false,
            ...(user.is_stranger === undefined ? {} : { is_stranger: user.is_stranger }),
          },
        });
      }
      case 'files.getUploadURLExternal': {
        const filename = String(args.filename ?? '');
        const length = Number(args.length);
        if (filename === '' || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
        const id = `F${String(this.files.size + 1).padStart(8, '0')}`;
        this.files.set(id, { id, filename, length, completed: false });
        return ok({ upload_url: `${this.baseUrl}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const listed = typeof args.files === 'string' ? (JSON.parse(args.files) as { id?: string; title?: string }[]) : [];
        if (listed.length === 0) return fail('invalid_arguments');
        const done = [];
        for (const entry of listed) {
          const file = this.files.get(String(entry.id));
          if (file === undefined || file.content === undefined) return fail('file_not_found');
          file.completed = true;
          if (entry.title !== undefined) file.title = entry.title;
          if (typeof args.channel_id === 'string') file.channel = args.channel_id;
          done.push({ id: file.id, name: file.filename, title: file.title ?? file.filename });
        }
        return ok({ files: done });
      }
      case 'chat.postEphemeral':
        if (args.channel === undefined || args.user === undefined) return fail('invalid_arguments');
        return ok({ message_ts: this.nextTs() });
      default:
        return fail('unknown_method');
    }
  }

  /**
   * conversations.history as Slack documents it: newest first, `oldest`/`latest` bounds (exclusive
   * unless `inclusive`), `limit` with cursor pagination, metadata only with include_all_metadata.
   */
  private history(args: Record<string, unknown>): Answer {
    const channel = String(args.channel ?? '');
    if (channel === '') return fail('channel_not_found');
    if (this.channelsWithoutBot.has(channel)) return fail('not_in_channel');
    const inclusive = args.inclusive === true || args.inclusive === 'true' || args.inclusive === '1';
    const oldest = Number(args.oldest ?? 0);
    const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
    const limit = Math.min(Math.max(1, Number(args.limit ?? 100)), 999);
    const offset =
      args.cursor === undefined || args.cursor === '' ? 0 : Number(Buffer.from(String(args.cursor), 'base64').toString());
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const matching = [...this.messages.values()]
      .filter((m) => m.channel === channel)
      .filter((m) => {
        const ts = Number(m.ts);
        return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
      })
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const page = matching.slice(offset, offset + limit);
    const hasMore = offset + limit < matching.length;
    return ok({
      messages: page.map((m) => ({
        type: 'message',
        ts: m.ts,
        text: m.text,
        bot_id: this.botId,
        ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
      })),
      has_more: hasMore,
      response_metadata: { next_cursor: hasMore ? Buffer.from(String(offset + limit)).toString('base64') : '' },
    });
  }

  /** Real-time message timestamps (seconds.micro), unique and increasing, as Slack's are. */
  private nextTs(): string {
    this.tsCounter += 1;
    const micros = Date.now() * 1000 + this.tsCounter;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }
}

function ok(body: Record<string, unknown>): Answer {
  return { status: 200, body: { ok: true, ...body } };
}

function fail(error: string): Answer {
  return { status: 200, body: { ok: false, error } };
}
