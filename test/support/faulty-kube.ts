import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, stringify } from 'yaml';
import { clientNodeConnector } from '../../src/kube/client-node-cluster.js';
import type { KubeConnector } from '../../src/kube/port.js';

/** Which requests fail: the status to answer with, or undefined to pass the request through. */
export type KubeFault = (method: string, path: string) => number | undefined;

export interface FaultyKube {
  /** The real client-node connector, with every cluster's API server reached through the proxy. */
  readonly connector: KubeConnector;
  /** Sets (or, with undefined, heals) the fault. */
  fail(fault: KubeFault | undefined): void;
  /** How many requests were answered with a fault, and how many passed. */
  counts(): { readonly failed: number; readonly passed: number };
  close(): Promise<void>;
}

/**
 * A proxy in front of the clusters' API servers that answers chosen requests with an HTTP error
 * (a Kubernetes `Status` body, as an apiserver does) and passes the rest through untouched: the
 * real client-node and gpubot's error mapping see a failing apiserver over loopback HTTP.
 */
export async function startFaultyKube(): Promise<FaultyKube> {
  let fault: KubeFault | undefined;
  let upstream: URL | undefined;
  let failed = 0;
  let passed = 0;
  const server: Server = createServer((req, res) => {
    const status = fault?.(req.method ?? 'GET', req.url ?? '/');
    if (status !== undefined || !upstream) {
      failed += 1;
      res.writeHead(status ?? 502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'InternalError', code: status }));
      req.resume();
      return;
    }
    passed += 1;
    const forward = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    connector: {
      connect(kubeconfig) {
        const doc = parse(kubeconfig) as { clusters: { cluster: { server: string } }[] };
        for (const { cluster } of doc.clusters) {
          const server = new URL(cluster.server);
          upstream = new URL(server.origin);
          cluster.server = `${proxy}${server.pathname === '/' ? '' : server.pathname}`;
        }
        return clientNodeConnector.connect(stringify(doc));
      },
    },
    fail: (next) => {
      fault = next;
    },
    counts: () => ({ failed, passed }),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
