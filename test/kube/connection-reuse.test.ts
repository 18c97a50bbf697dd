import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ClientNodeCluster } from '../../src/kube/client-node-cluster.js';
import { selfSignedCertificate } from '../support/self-signed-cert.js';

const b64 = (pem: string) => Buffer.from(pem).toString('base64');

function kubeconfig(server: string, user: string, cluster = ''): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: c, cluster: {server: "${server}"${cluster}}}]`,
    `users: [{name: u, user: {${user}}}]`,
    'contexts: [{name: x, context: {cluster: c, user: u}}]',
    'current-context: x',
  ].join('\n');
}

function answerNodes(_req: IncomingMessage, res: ServerResponse): void {
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [] }));
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/** Counts the connections (TCP, or finished TLS handshakes) the server accepted. */
function countConnections(server: Server, event: 'connection' | 'secureConnection'): () => number {
  let count = 0;
  server.on(event, () => (count += 1));
  return () => count;
}

test('a cluster client reuses one connection for many requests to a plain-http loopback API server', async () => {
  const server = createServer(answerNodes);
  const connections = countConnections(server, 'connection');
  const port = await listen(server);
  try {
    const cluster = new ClientNodeCluster(kubeconfig(`http://127.0.0.1:${port}`, 'token: t0ken'));
    for (let i = 0; i < 5; i++) assert.deepEqual(await cluster.listNodes(), []);
    assert.equal(connections(), 1);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('over TLS with a client certificate, as ACK kubeconfigs carry, many requests cost one handshake', async () => {
  const serverCert = selfSignedCertificate();
  const clientCert = selfSignedCertificate();
  const clientCerts: string[] = [];
  const server = createTlsServer(
    { key: serverCert.key, cert: serverCert.cert, requestCert: true, ca: [clientCert.cert] },
    (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      clientCerts.push(peer.fingerprint256);
      answerNodes(req, res);
    },
  );
  const handshakes = countConnections(server, 'secureConnection');
  const port = await listen(server);
  try {
    const config = kubeconfig(
      `https://127.0.0.1:${port}`,
      `client-certificate-data: ${b64(clientCert.cert)}, client-key-data: ${b64(clientCert.key)}`,
      `, certificate-authority-data: ${b64(serverCert.cert)}`,
    );
    const cluster = new ClientNodeCluster(config);
    await Promise.all([cluster.listNodes(), cluster.listNodes()]);
    for (let i = 0; i < 5; i++) await cluster.listNodes();
    assert.ok(handshakes() <= 2, `${handshakes()} handshakes for 7 requests, 2 of them at once`);
    assert.equal(clientCerts.length, 7);
    assert.ok(clientCerts.every((fingerprint) => fingerprint === clientCerts[0] && fingerprint));
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
