import { createServer, type Server } from 'node:http';
import type { Metrics } from '../metrics.js';
import type { Health, ProbeAnswer } from './health.js';

/**
 * One small HTTP server for operators and Kubernetes: Prometheus `/metrics`, liveness `/healthz`
 * and readiness `/readyz` (200 or 503, with one line per check saying what failed).
 */
export async function serveProbes(metrics: Metrics, health: Health, listen: { port: number; host: string }): Promise<Server> {
  const answer = (res: import('node:http').ServerResponse, probe: Promise<ProbeAnswer>) =>
    probe
      .then(({ ok, body }) => res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8' }).end(body))
      .catch(() => res.writeHead(500).end());
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' || path === '/livez') return void answer(res, health.liveness());
    if (path === '/readyz') return void answer(res, health.readiness());
    if (path !== '/metrics') return void res.writeHead(404).end();
    metrics.registry
      .metrics()
      .then((body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(listen.port, listen.host, done);
  });
  return server;
}
