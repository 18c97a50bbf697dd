import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { parse, stringify } from 'yaml';
import { clientNodeConnector } from '../../src/kube/client-node-cluster.js';
import type { KubeConnector } from '../../src/kube/port.js';

/** Which requests fail: the status to answer with, or undefined to pass the request through. */
export type KubeFault = (method: string, path: string) => number | undefined;

/** A fault that hits `rate` of all requests, the same ones each run (a seeded sequence), with 500, 503 or 429. */
export function randomKubeFaults(rate: number, seed = 7): KubeFault {
  let state = seed >>> 0;
  const draw = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const statuses = [500, 503, 429];
  return () => (draw() < rate ? statuses[Math.floor(draw() * statuses.length)] : undefined);
}

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
  // exec (the GPU check) upgrades to a WebSocket: relayed as raw bytes once its request passes.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const status = fault?.(req.method ?? 'GET', req.url ?? '/');
    if (status !== undefined || !upstream) {
      failed += 1;
      socket.end(`HTTP/1.1 ${status ?? 502} Injected\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
      return;
    }
    passed += 1;
    const target = connect(Number(upstream.port), upstream.hostname, () => {
      const headers = Object.entries({ ...req.headers, host: upstream?.host ?? '' })
        .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
        .join('\r\n');
      target.write(`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\r\n${headers}\r\n\r\n`);
      if (head.length > 0) target.write(head);
      target.pipe(socket).pipe(target);
    });
    target.on('error', () => socket.destroy());
    socket.on('error', () => target.destroy());
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
