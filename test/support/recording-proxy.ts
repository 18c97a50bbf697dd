import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  readonly method: string;
  readonly url: string;
  /** When the request arrived (epoch ms). */
  readonly at: number;
  readonly requestHeaders: IncomingHttpHeaders;
  readonly requestBody: string;
  readonly status: number;
  readonly responseBody: string;
}

export interface RecordingProxy {
  readonly url: string;
  exchanges(): Exchange[];
  close(): Promise<void>;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * A pass-through HTTP proxy in front of an endpoint that keeps every exchange, so a test can
 * see what really went over the wire (e.g. the generated node password) without touching the
 * SDK. Bytes and signed headers are forwarded unchanged, so signatures still verify.
 */
export async function startRecordingProxy(
  target: string,
  options: {
    /** Forward the request but destroy the client's connection instead of answering (a lost answer). */
    loseAnswer?: (method: string, url: string) => boolean;
    /** Hold the answer this many ms (a slow endpoint); `body` is the request body as text. */
    delayAnswerMs?: (method: string, url: string, body: string) => number;
  } = {},
): Promise<RecordingProxy> {
  const base = new URL(target);
  const recorded: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    const at = Date.now();
    void (async () => {
      const body = await readAll(req);
      const headers: IncomingHttpHeaders = { ...req.headers, host: base.host };
      const upstream = request(
        { hostname: base.hostname, port: base.port, method: req.method, path: req.url, headers },
        (answer) => {
          void readAll(answer).then(async (payload) => {
            const delay = options.delayAnswerMs?.(req.method ?? 'GET', req.url ?? '/', body.toString('utf8')) ?? 0;
            if (delay > 0) await new Promise((done) => setTimeout(done, delay));
            recorded.push({
              method: req.method ?? 'GET',
              url: req.url ?? '/',
              at,
              requestHeaders: req.headers,
              requestBody: body.toString('utf8'),
              status: answer.statusCode ?? 0,
              responseBody: payload.toString('utf8'),
            });
            if (options.loseAnswer?.(req.method ?? 'GET', req.url ?? '/')) {
              res.socket?.destroy();
              return;
            }
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(payload);
          });
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      upstream.end(body);
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges: () => [...recorded],
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
