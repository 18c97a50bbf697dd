import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { ClientNodeCluster } from '../../src/kube/client-node-cluster.js';

function kubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `clusters: [{name: c, cluster: {server: "${server}"}}]`,
    'users: [{name: u, user: {token: t0ken}}]',
    'contexts: [{name: x, context: {cluster: c, user: u}}]',
    'current-context: x',
  ].join('\n');
}

test('a kubeconfig for a plain-http API server on loopback works without insecure-skip-tls-verify', async () => {
  const server = createServer((req, res) => {
    assert.equal(req.headers.authorization, 'Bearer t0ken');
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: {}, items: [] }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const { port } = server.address() as { port: number };
    assert.deepEqual(await new ClientNodeCluster(kubeconfig(`http://127.0.0.1:${port}`)).listNodes(), []);
  } finally {
    server.close();
  }
});

test('plain http to anything but loopback is still refused', async () => {
  await assert.rejects(new ClientNodeCluster(kubeconfig('http://198.51.100.7:6443')).listNodes(), /HTTP protocol is not allowed/);
});
