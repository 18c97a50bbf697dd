import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { createScaledClock, type EmulatorClock } from './clock.js';
import { EmulatedCluster } from './emulated-cluster.js';
import { handleApiRequest } from './handle-api-request.js';
import { renderKubeconfig } from './render-kubeconfig.js';
import { R } from './resources.js';
import { pickExecProtocol, serveExec } from './serve-exec.js';
import { KubeStatusError } from './status-error.js';
import type { EmulatorLogger, KubeEmulator, KubeFaults } from './types.js';

/** The apiserver's default request body limit. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export interface KubeEmulatorOptions {
  /** Emulated seconds per real second; default 60. */
  timeScale?: number;
  logger?: EmulatorLogger;
  /** Replaces the scaled clock (timeScale is then ignored). */
  clock?: EmulatorClock;
}

/**
 * Starts one HTTP server on 127.0.0.1 that emulates the API servers of many clusters; the bearer
 * token of a request selects its cluster.
 */
export async function startKubeEmulator(opts: KubeEmulatorOptions = {}): Promise<KubeEmulator> {
  const clock = opts.clock ?? createScaledClock(opts.timeScale ?? 60);
  const logger = opts.logger;
  const clusters = new Map<string, { cluster: EmulatedCluster; token: string }>();
  const byToken = new Map<string, EmulatedCluster>();
  const faults: KubeFaults = { images: [], loadBalancer: undefined };
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => pickExecProtocol(offered) });

  const authenticate = (req: IncomingMessage): EmulatedCluster | undefined => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1] ? byToken.get(match[1]) : undefined;
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => {
        const cluster = authenticate(req);
        if (!cluster) throw new KubeStatusError('Unauthorized', 'Unauthorized');
        const url = new URL(req.url ?? '/', 'http://emulator');
        const result = handleApiRequest(cluster, {
          method: req.method ?? 'GET',
          url,
          contentType: req.headers['content-type'] ?? 'application/json',
          body,
          serverAddress: address(),
        });
        respond(res, result.code, result.body);
        logger?.debug(
          { clusterId: cluster.clusterId, method: req.method, path: url.pathname, code: result.code },
          'kube emulator request',
        );
      })
      .catch((error: unknown) => {
        const status =
          error instanceof KubeStatusError ? error : new KubeStatusError('InternalError', `emulator error: ${String(error)}`);
        if (status.code >= 500)
          logger?.warn({ err: error, method: req.method, path: req.url?.split('?')[0] }, 'kube emulator failed a request');
        respond(res, status.code, status.toStatus());
      });
  });
  server.on('upgrade', (req, socket, head) => serveExec(wss, req, socket, head, authenticate(req), address()));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  function address(): string {
    return `127.0.0.1:${port}`;
  }
  const clusterOf = (clusterId: string): EmulatedCluster => {
    const entry = clusters.get(clusterId);
    if (!entry) throw new Error(`kube emulator has no cluster ${clusterId}`);
    return entry.cluster;
  };

  return {
    url,
    addCluster({ clusterId, nodes, network, vpc }) {
      if (clusters.has(clusterId)) throw new Error(`kube emulator already has cluster ${clusterId}`);
      const token = randomBytes(24).toString('hex');
      const cluster = new EmulatedCluster(clusterId, nodes, clock, faults, logger, network ?? { plugin: 'flannel' }, vpc);
      clusters.set(clusterId, { cluster, token });
      byToken.set(token, cluster);
      logger?.info({ clusterId, nodes: nodes.length }, 'kube emulator cluster added');
      return { kubeconfig: renderKubeconfig(clusterId, url, token) };
    },
    addNodes(clusterId, nodes) {
      clusterOf(clusterId).addNodes(nodes);
    },
    removeNodes(clusterId, names) {
      clusterOf(clusterId).removeNodes(names);
    },
    removeCluster(clusterId) {
      const entry = clusters.get(clusterId);
      if (!entry) return;
      entry.cluster.close();
      clusters.delete(clusterId);
      byToken.delete(entry.token);
    },
    setNodeReady(clusterId, nodeName, ready) {
      clusterOf(clusterId).setNodeReady(nodeName, ready);
    },
    failImagePulls(pattern) {
      faults.images.push(pattern);
    },
    failLoadBalancers(reason) {
      faults.loadBalancer = reason;
    },
    loadBalancerEndpoint(clusterId, lbAddress, lbPort) {
      return clusterOf(clusterId)
        .forwarders.endpoint(lbAddress, lbPort)
        ?.then((port) => ({ host: '127.0.0.1', port }));
    },
    objects(clusterId) {
      return clusterOf(clusterId)
        .store.entries()
        .map(({ obj }) => ({
          kind: obj.kind,
          ...(obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {}),
          name: obj.metadata.name,
          body: obj,
        }));
    },
    jupyter(clusterId, namespace, podName) {
      const cluster = clusterOf(clusterId);
      const pod = cluster.store.find(R.pods, namespace, podName);
      return pod ? cluster.processes.jupyterOf(pod.metadata.uid ?? '') : undefined;
    },
    async close() {
      for (const { cluster } of clusters.values()) cluster.close();
      clusters.clear();
      byToken.clear();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respond(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new KubeStatusError('BadRequest', 'request entity too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
