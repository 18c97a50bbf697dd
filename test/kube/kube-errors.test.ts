import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { GpubotError, RetryableError } from '../../src/errors.js';
import { ClientNodeCluster } from '../../src/kube/client-node-cluster.js';

/**
 * Kubernetes failures are classified where client-node is called: 5xx, 408, 429 (with its
 * Retry-After), resets and timeouts are retryable, the rest is not; and the raw ApiException
 * (response body and headers) never leaves the adapter.
 */
const BODY_SECRET = 'c2VjcmV0LWluLWJvZHk';
const HEADER_SECRET = 'header-secret-7f3a';

type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

function status(code: number, extraHeaders: Record<string, string> = {}): Behaviour {
  return (_req, res) => {
    res.writeHead(code, { 'content-type': 'application/json', 'x-leak': HEADER_SECRET, ...extraHeaders }).end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: code === 404 ? 'NotFound' : 'InternalError',
        message: 'the server could not handle the request',
        details: { causes: [{ message: `data: ${BODY_SECRET}` }] },
        code,
      }),
    );
  };
}

function kubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: c, cluster: {server: "${server}"}}]`,
    'users: [{name: u, user: {token: t0ken-kube}}]',
    'contexts: [{name: x, context: {cluster: c, user: u}}]',
    'current-context: x',
  ].join('\n');
}

describe('Kubernetes errors at the adapter', () => {
  let behave: Behaviour = status(500);
  const server = createServer((req, res) => behave(req, res));
  let url = '';
  before(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  const cluster = () => new ClientNodeCluster(kubeconfig(url), { timeoutMs: 300 });

  async function failure(run: () => Promise<unknown>): Promise<GpubotError> {
    try {
      await run();
    } catch (error) {
      assert.ok(error instanceof GpubotError, `a GpubotError, not ${String(error)}`);
      const visible = `${error.message} ${JSON.stringify(error)} ${String(error.cause ?? '')}`;
      assert.ok(!visible.includes(BODY_SECRET), 'the response body stays inside the adapter');
      assert.ok(!visible.includes(HEADER_SECRET), 'the response headers stay inside the adapter');
      assert.ok(!visible.includes('t0ken-kube'), 'the token never appears');
      return error;
    }
    assert.fail('expected the call to fail');
  }

  it('5xx is retryable, with the Status reason only', async () => {
    for (const code of [500, 502, 503, 504]) {
      behave = status(code);
      const error = await failure(() => cluster().listNodes());
      assert.ok(error instanceof RetryableError, `${code} is retryable`);
      assert.equal(error.code, 'kube.unavailable');
      assert.match(
        error.message,
        new RegExp(`^kube list nodes: HTTP ${code} InternalError: the server could not handle the request$`),
      );
    }
  });

  it('429 is retryable after its Retry-After; 408 is retryable', async () => {
    behave = status(429, { 'retry-after': '3' });
    const limited = await failure(() => cluster().listNodes());
    assert.ok(limited instanceof RetryableError);
    assert.equal(limited.code, 'kube.throttled');
    assert.equal(limited.retryAfterMs, 3000);
    behave = status(408);
    assert.ok((await failure(() => cluster().listNodes())).retryable);
  });

  it('404, 403 and other 4xx are not retried', async () => {
    for (const [code, expected] of [
      [404, 'kube.not_found'],
      [403, 'kube.forbidden'],
      [422, 'kube.rejected'],
    ] as const) {
      behave = status(code);
      const error = await failure(() => cluster().listNodes());
      assert.equal(error.retryable, false);
      assert.equal(error.code, expected);
    }
  });

  it('a connection reset, a refused connection and a silent server are retryable', async () => {
    behave = (req) => req.socket.destroy();
    const reset = await failure(() => cluster().listNodes());
    assert.ok(reset.retryable);
    assert.equal(reset.code, 'kube.network');

    behave = () => undefined; // accepts the request, never answers
    const silent = await failure(() => cluster().listNodes());
    assert.ok(silent.retryable);
    assert.equal(silent.code, 'kube.timeout');

    const refused = await failure(() => new ClientNodeCluster(kubeconfig('http://127.0.0.1:9'), { timeoutMs: 300 }).listNodes());
    assert.ok(refused.retryable);
    assert.equal(refused.code, 'kube.network');
  });

  it('a read that fails transiently is tried twice more at once; a third failure reaches the job', async () => {
    let calls = 0;
    const failing = status(503);
    const nodes = JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [] });
    behave = (req, res) => {
      calls += 1;
      if (calls <= 2) failing(req, res);
      else res.writeHead(200, { 'content-type': 'application/json' }).end(nodes);
    };
    assert.deepEqual(await cluster().listNodes(), []);
    assert.equal(calls, 3, 'two blips, then the answer');

    calls = 0;
    behave = (req, res) => {
      calls += 1;
      failing(req, res);
    };
    const error = await failure(() => cluster().listNodes());
    assert.equal(error.code, 'kube.unavailable');
    assert.equal(calls, 3, 'three tries in all');
  });

  it('an answer that is not Kubernetes is a permanent, plainly described error', async () => {
    behave = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`<html>${BODY_SECRET}</html>`);
    const error = await failure(() => cluster().listNodes());
    assert.equal(error.retryable, false);
    assert.equal(error.code, 'kube.unexpected');
  });

  it('notebook calls are mapped and time out the same way', async () => {
    behave = status(503);
    assert.ok((await failure(() => cluster().notebooks.find('gpubot-notebooks', 'nb'))).retryable);
    behave = () => undefined;
    const silent = await failure(() => cluster().notebooks.list('gpubot-notebooks'));
    assert.equal(silent.code, 'kube.timeout');
  });
});
