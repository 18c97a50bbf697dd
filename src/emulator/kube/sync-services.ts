import type { ClusterContext } from './cluster-context.js';
import type { ObjectStore } from './object-store.js';
import { recordEvent } from './record-event.js';
import { R } from './resources.js';
import type { KubeObject } from './types.js';

const CONTROLLER = { component: 'service-controller' };
/** Provisioning an SLB takes tens of seconds on ACK. */
export const LOAD_BALANCER_SECONDS = 30;

/** Service CIDR of a default ACK cluster; `.1` is the `kubernetes` service. */
export function allocateClusterIp(store: ObjectStore): string {
  const used = new Set(store.list(R.services).map((s) => (s['spec'] as { clusterIP?: string }).clusterIP));
  for (let i = 1; i < 4094; i++) {
    const ip = `172.21.${Math.floor(i / 256)}.${i % 256}`;
    if (i % 256 !== 0 && !used.has(ip)) return ip;
  }
  throw new Error('emulated service CIDR 172.21.0.0/20 is exhausted');
}

export function allocateNodePort(store: ObjectStore, taken: Set<number>): number {
  for (const svc of store.list(R.services)) {
    for (const p of (svc['spec'] as { ports?: { nodePort?: number }[] }).ports ?? []) if (p.nodePort) taken.add(p.nodePort);
  }
  for (let port = 30000; port <= 32767; port++) if (!taken.has(port)) return port;
  throw new Error('emulated node port range is exhausted');
}

/**
 * The cloud controller's load-balancer loop: a `type: LoadBalancer` Service gets an ingress IP after
 * an emulated delay, always from the documentation range 203.0.113.0/24 so it can never be a real host.
 */
export class ServiceController {
  private readonly provisioning = new Set<string>();

  constructor(private readonly ctx: ClusterContext) {}

  sync(): void {
    for (const svc of this.ctx.store.list(R.services)) {
      if (!wantsLoadBalancer(svc) || hasIngress(svc) || !svc.metadata.uid || this.provisioning.has(svc.metadata.uid)) continue;
      const uid = svc.metadata.uid;
      this.provisioning.add(uid);
      recordEvent(this.ctx.store, svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', CONTROLLER);
      this.ctx.timers.after(LOAD_BALANCER_SECONDS * 1000, () => {
        this.provisioning.delete(uid);
        const ns = svc.metadata.namespace ?? 'default';
        const now = this.ctx.store.find(R.services, ns, svc.metadata.name);
        if (!now || now.metadata.uid !== uid || !wantsLoadBalancer(now)) return;
        const ip = this.allocateIngressIp();
        const updated = this.ctx.store.mutate(R.services, ns, svc.metadata.name, (s) => {
          s['status'] = { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
        });
        if (updated) recordEvent(this.ctx.store, updated, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', CONTROLLER);
      });
    }
  }

  private allocateIngressIp(): string {
    const used = new Set<string>();
    for (const svc of this.ctx.store.list(R.services)) {
      const ingress =
        (svc['status'] as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? [];
      for (const i of ingress) if (i.ip) used.add(i.ip);
    }
    for (let host = 10; host < 255; host++) if (!used.has(`203.0.113.${host}`)) return `203.0.113.${host}`;
    throw new Error('emulated load balancer range 203.0.113.0/24 is exhausted');
  }
}

function wantsLoadBalancer(svc: KubeObject): boolean {
  return (svc['spec'] as { type?: string } | undefined)?.type === 'LoadBalancer';
}

function hasIngress(svc: KubeObject): boolean {
  const ingress = (svc['status'] as { loadBalancer?: { ingress?: unknown[] } } | undefined)?.loadBalancer?.ingress;
  return Array.isArray(ingress) && ingress.length > 0;
}
