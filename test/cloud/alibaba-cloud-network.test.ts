import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { AlibabaCloud } from '../../src/cloud/alibaba/alibaba-cloud.js';
import { createClientsFactory, staticCredentials } from '../../src/cloud/alibaba/pop-clients.js';
import { GpubotError } from '../../src/errors.js';
import { FAST_RETRY } from '../support/emulated-cloud.js';

/**
 * What sits between gpubot and the cloud misbehaves: a proxy answering HTML, a server that hangs,
 * nothing listening. These are transient and must be retried, never mistaken for an answer.
 */
type Behaviour = 'html-502' | 'html-200' | 'hang';
let behaviour: Behaviour = 'html-502';
let hits = 0;
let server: Server;
let endpoint: string;

before(async () => {
  server = createServer((req, res) => {
    hits += 1;
    req.resume();
    if (behaviour === 'hang') return;
    res.writeHead(behaviour === 'html-502' ? 502 : 200, { 'content-type': 'text/html' });
    res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

function cloudAt(url: string, timeoutMs = 2000): AlibabaCloud {
  const credentials = staticCredentials({ accessKeyId: 'LTAItest', accessKeySecret: 'secret-for-network-tests' });
  return new AlibabaCloud({
    clientsFor: createClientsFactory({ cs: url, ecs: url, vpc: url }, credentials),
    defaultRegion: 'cn-hangzhou',
    retry: { ...FAST_RETRY, retries: 2 },
    timeoutMs,
  });
}

async function failure(promise: Promise<unknown>): Promise<GpubotError> {
  const error = await promise.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof GpubotError, `expected a GpubotError, got ${String(error)}`);
  return error;
}

for (const kind of ['html-502', 'html-200'] as const) {
  test(`an HTML answer (${kind}) from a proxy is a retryable outage on ACK and ECS`, async () => {
    behaviour = kind;
    hits = 0;
    const cs = await failure(cloudAt(endpoint).getQuota());
    assert.equal(cs.code, 'cloud.unavailable');
    assert.equal(cs.retryable, true);
    assert.equal(hits, 3, 'tried three times');
    const ecs = await failure(cloudAt(endpoint).instanceTypeStock('cn-hangzhou', 'ecs.gn5-c4g1.xlarge'));
    assert.equal(ecs.code, 'cloud.unavailable');
  });
}

test('a server that never answers times out and is retried as an outage', async () => {
  behaviour = 'hang';
  hits = 0;
  const error = await failure(cloudAt(endpoint, 150).getQuota());
  assert.equal(error.code, 'cloud.unavailable');
  assert.equal(error.retryable, true);
  assert.equal(hits, 3);
});

test('nothing listening (ECONNREFUSED) is a retryable outage', async () => {
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
  await new Promise((done) => closed.close(done));
  const error = await failure(cloudAt(url).listClusters('cn-hangzhou'));
  assert.equal(error.code, 'cloud.unavailable');
  assert.equal(error.retryable, true);
});
