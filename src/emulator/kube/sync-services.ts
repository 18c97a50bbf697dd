import type { ClusterContext } from './cluster-context.js';
import type { ObjectStore } from './object-store.js';
import { loadBalancerKind, loadBalancerProblem, type LoadBalancerKind } from './check-load-balancer.js';
import { recordEvent } from './record-event.js';
import { R } from './resources.js';
import type { KubeObject } from './types.js';

const CONTROLLER = { component: 'service-controller' };
/** Provisioning an SLB takes tens of seconds on ACK. */
export const LOAD_BALANCER_SECONDS = 30;

/** Service CIDR of a default ACK cluster; `.1` is the `kubernetes` service. */
export function allocateClusterIp(store: ObjectStore): string {
  const used = new Set(store.view(R.services).map((s) => (s['spec'] as { clusterIP?: string }).clusterIP));
  for (let i = 1; i < 4094; i++) {
    const ip = `172.21.${Math.floor(i / 256)}.${i % 256}`;
    if (i % 256 !== 0 && !used.has(ip)) return ip;
  }
  throw new Error('emulated service CIDR 172.21.0.0/20 is exhausted');
}

export function allocateNodePort(store: ObjectStore, taken: Set<number>): number {
  for (const svc of store.view(R.services)) {
    for (const p of (svc['spec'] as { ports?: { nodePort?: number }[] }).ports ?? []) if (p.nodePort) taken.add(p.nodePort);
  }
  for (let port = 30000; port <= 32767; port++) if (!taken.has(port)) return port;
  throw new Error('emulated node port range is exhausted');
}

/** A failed attempt is retried later, backing off as the cloud controller does, up to this many seconds. */
const MAX_RETRY_SECONDS = 300;

/**
 * The cloud controller's load-balancer loop: a `type: LoadBalancer` Service gets an address after
 * an emulated delay, as ACK's CCM does: a CLB an IP from the documentation range 203.0.113.0/24
 * (so it can never be a real host), an NLB a DNS name. What CCM would refuse (a pay-by-specification
 * CLB, an NLB without valid zone maps) never gets one; a `SyncLoadBalancerFailed` Warning event
 * says why, repeated at each retry.
 */
export class ServiceController {
  private readonly provisioning = new Set<string>();
  private readonly failures = new Map<string, number>();

  constructor(private readonly ctx: ClusterContext) {}

  sync(): void {
    for (const svc of this.ctx.store.view(R.services)) {
      const kind = loadBalancerKind(svc);
      if (!kind || hasIngress(svc) || !svc.metadata.uid || this.provisioning.has(svc.metadata.uid)) continue;
      const uid = svc.metadata.uid;
      this.provisioning.add(uid);
      recordEvent(this.ctx.store, svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', CONTROLLER);
      const failed = this.failures.get(uid) ?? 0;
      const delay = failed === 0 ? LOAD_BALANCER_SECONDS : Math.min(LOAD_BALANCER_SECONDS * 2 ** failed, MAX_RETRY_SECONDS);
      this.ctx.timers.after(delay * 1000, () => this.provision(svc, uid, kind));
    }
  }

  private provision(svc: KubeObject, uid: string, kind: LoadBalancerKind): void {
    const ns = svc.metadata.namespace ?? 'default';
    const now = this.ctx.store.find(R.services, ns, svc.metadata.name);
    if (!now || now.metadata.uid !== uid || loadBalancerKind(now) !== kind) {
      this.provisioning.delete(uid);
      this.failures.delete(uid);
      return;
    }
    const problem = this.ctx.loadBalancerFault() ?? loadBalancerProblem(now, kind, this.ctx.vpc);
    if (problem) {
      this.failures.set(uid, (this.failures.get(uid) ?? 0) + 1);
      // Cleared before the event is recorded: the change it makes runs sync, which schedules the retry.
      this.provisioning.delete(uid);
      recordEvent(
        this.ctx.store,
        now,
        'Warning',
        'SyncLoadBalancerFailed',
        `Error syncing load balancer: ${problem}`,
        CONTROLLER,
      );
      return;
    }
    this.provisioning.delete(uid);
    this.failures.delete(uid);
    const ingress = kind === 'nlb' ? { hostname: this.nlbHostname(uid) } : { ip: this.allocateIngressIp(), ipMode: 'VIP' };
    const updated = this.ctx.store.mutate(R.services, ns, svc.metadata.name, (s) => {
      s['status'] = { loadBalancer: { ingress: [ingress] } };
    });
    if (updated) recordEvent(this.ctx.store, updated, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', CONTROLLER);
  }

  /** NLB addresses are DNS names: `nlb-<id>.<region>.nlb.aliyuncsslb.com`. */
  private nlbHostname(uid: string): string {
    const id = uid.replace(/-/g, '').slice(0, 20);
    return `nlb-${id}.${this.ctx.vpc?.regionId ?? 'cn-hangzhou'}.nlb.aliyuncsslb.com`;
  }

  private allocateIngressIp(): string {
    const used = new Set<string>();
    for (const svc of this.ctx.store.view(R.services)) {
      const ingress =
        (svc['status'] as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? [];
      for (const i of ingress) if (i.ip) used.add(i.ip);
    }
    for (let host = 10; host < 255; host++) if (!used.has(`203.0.113.${host}`)) return `203.0.113.${host}`;
    throw new Error('emulated load balancer range 203.0.113.0/24 is exhausted');
  }
}

function hasIngress(svc: KubeObject): boolean {
  const ingress = (svc['status'] as { loadBalancer?: { ingress?: unknown[] } } | undefined)?.loadBalancer?.ingress;
  return Array.isArray(ingress) && ingress.length > 0;
}
