import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { ClusterContext } from './cluster-context.js';
import { terminatesTls } from './check-load-balancer.js';
import { selectorMatches } from './match-selectors.js';
import { R } from './resources.js';
import { isPodReady } from './sync-deployments.js';
import type { KubeObject } from './types.js';

interface ServicePort {
  port: number;
  targetPort?: number | string;
}

/**
 * The emulated load balancers' data path. A Service's ingress address (203.0.113.x) is not routable
 * here, so each `address:port` gets a loopback listener that forwards every connection, byte for
 * byte (TLS passes through untouched), to a ready pod behind the Service, as a TCP listener does.
 */
export class LoadBalancerForwarders {
  private readonly listeners = new Map<string, Promise<number>>();
  private readonly servers: Server[] = [];

  constructor(private readonly ctx: ClusterContext) {}

  /** The loopback port standing in for `address:port`; undefined when no Service has that address and port. */
  endpoint(address: string, port: number): Promise<number> | undefined {
    if (!this.findService(address, port)) return undefined;
    const key = `${address}:${port}`;
    let listening = this.listeners.get(key);
    if (!listening) {
      const server = createServer((socket) => this.forward(socket, address, port));
      this.servers.push(server);
      listening = new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
      });
      this.listeners.set(key, listening);
    }
    return listening;
  }

  close(): void {
    for (const server of this.servers) server.close();
    this.servers.length = 0;
    this.listeners.clear();
  }

  private findService(address: string, port: number): { service: KubeObject; servicePort: ServicePort } | undefined {
    for (const service of this.ctx.store.list(R.services)) {
      const ingress = (service['status'] as { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } | undefined)
        ?.loadBalancer?.ingress;
      if (!ingress?.some((i) => i.ip === address || i.hostname === address)) continue;
      const servicePort = ((service['spec'] as { ports?: ServicePort[] }).ports ?? []).find((p) => p.port === port);
      // A listener that ends TLS with an Alibaba Cloud certificate is not emulated: there is no such certificate here.
      if (servicePort && !terminatesTls(service, port)) return { service, servicePort };
    }
    return undefined;
  }

  private forward(socket: Socket, address: string, port: number): void {
    const target = this.pickBackend(address, port);
    if (target === undefined) {
      socket.destroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', close);
    upstream.on('error', close);
  }

  /** A ready pod behind the Service whose program listens on the target port: its loopback port. */
  private pickBackend(address: string, port: number): number | undefined {
    const found = this.findService(address, port);
    if (!found) return undefined;
    const { service, servicePort } = found;
    const selector = (service['spec'] as { selector?: Record<string, string> }).selector;
    const pods = this.ctx.store
      .list(R.pods, service.metadata.namespace)
      .filter((pod) => selector && selectorMatches({ matchLabels: selector }, pod.metadata.labels) && isPodReady(pod));
    for (const pod of pods) {
      const containers =
        (pod['spec'] as { containers?: { ports?: { name?: string; containerPort: number }[] }[] }).containers ?? [];
      const target = servicePort.targetPort ?? servicePort.port;
      const containerPort =
        typeof target === 'number'
          ? target
          : containers.flatMap((c) => c.ports ?? []).find((p) => p.name === target)?.containerPort;
      const loopback = containerPort === undefined ? undefined : this.ctx.processes.lookup(pod.metadata.uid ?? '', containerPort);
      if (loopback !== undefined) return loopback;
    }
    return undefined;
  }
}
