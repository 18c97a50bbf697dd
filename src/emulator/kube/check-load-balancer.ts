import type { CloudNetwork, KubeObject } from './types.js';

const CCM = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer';
export const NLB_CLASS = 'alibabacloud.com/nlb';

export type LoadBalancerKind = 'nlb' | 'clb';

/** Which load balancer ACK's CCM makes for a Service: none for a class it does not own. */
export function loadBalancerKind(svc: KubeObject): LoadBalancerKind | undefined {
  const spec = svc['spec'] as { type?: string; loadBalancerClass?: string } | undefined;
  if (spec?.type !== 'LoadBalancer') return undefined;
  if (spec.loadBalancerClass === undefined || spec.loadBalancerClass === '') return 'clb';
  return spec.loadBalancerClass === NLB_CLASS ? 'nlb' : undefined;
}

/** `zone:vsw,zone:vsw` of the zone-maps annotation, or a reason it cannot be used. */
function checkZoneMaps(raw: string | undefined, network: CloudNetwork | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') {
    return `ZoneMappings is required to create an NLB: set the annotation ${CCM}-zone-maps to "<zone>:<vSwitch>,<zone>:<vSwitch>"`;
  }
  const pairs = raw.split(',').map((item) => item.trim().split(':'));
  const zones = new Set<string>();
  for (const pair of pairs) {
    const [zoneId, vswitchId] = pair;
    if (pair.length !== 2 || !zoneId || !vswitchId)
      return `${CCM}-zone-maps "${raw}" is malformed; expected "<zone>:<vSwitch>,..."`;
    if (network) {
      const vswitch = network.vswitches.find((vs) => vs.vswitchId === vswitchId);
      if (!vswitch) return `InvalidVSwitchId.NotFound: vSwitch ${vswitchId} does not exist in the cluster's VPC`;
      if (vswitch.zoneId !== zoneId)
        return `IllegalParam.ZoneId: vSwitch ${vswitchId} is in zone ${vswitch.zoneId}, not ${zoneId}`;
    }
    zones.add(zoneId);
  }
  const needed = network === undefined || network.regionZones >= 2 ? 2 : 1;
  if (zones.size < needed) {
    return `ZoneMappings needs vSwitches in at least ${needed} different zones (got ${[...zones].join(', ')})`;
  }
  return undefined;
}

const LISTENER_PROTOCOLS: Record<LoadBalancerKind, readonly string[]> = {
  nlb: ['tcp', 'udp', 'tcpssl'],
  clb: ['tcp', 'udp', 'http', 'https'],
};

/** The listeners the protocol-port annotation asks for, checked as CCM does; a TLS listener needs its certificate. */
function checkListeners(svc: KubeObject, kind: LoadBalancerKind): string | undefined {
  const annotations = svc.metadata.annotations ?? {};
  const raw = annotations[`${CCM}-protocol-port`];
  if (raw === undefined) return undefined;
  const ports = ((svc['spec'] as { ports?: { port?: number }[] }).ports ?? []).map((p) => p.port);
  const certId = annotations[`${CCM}-cert-id`];
  for (const item of raw.split(',').map((s) => s.trim())) {
    const [protocol = '', portText = ''] = item.toLowerCase().split(':');
    if (!LISTENER_PROTOCOLS[kind].includes(protocol)) {
      return `${CCM}-protocol-port "${raw}": ${protocol} is not a listener protocol of ${kind === 'nlb' ? 'an NLB' : 'a CLB'} (${LISTENER_PROTOCOLS[kind].join(', ')})`;
    }
    if (!ports.includes(Number(portText))) return `${CCM}-protocol-port "${raw}": port ${portText} is not a port of the Service`;
    if ((protocol === 'tcpssl' || protocol === 'https') && !certId) {
      return `${CCM}-protocol-port "${raw}": a ${protocol} listener needs a certificate (${CCM}-cert-id)`;
    }
    if (protocol === 'tcpssl' && certId && !/-(cn-hangzhou|ap-southeast-1)$/.test(certId)) {
      return `CertificateNotFound: NLB certificate ids are combined with a region ("<id>-cn-hangzhou" in mainland China, "<id>-ap-southeast-1" elsewhere), got "${certId}"`;
    }
  }
  return undefined;
}

/** Whether the listener on `port` ends TLS itself (with a certificate the emulator does not have). */
export function terminatesTls(svc: KubeObject, port: number): boolean {
  const raw = svc.metadata.annotations?.[`${CCM}-protocol-port`] ?? '';
  return raw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .some((item) => item === `tcpssl:${port}` || item === `https:${port}`);
}

/**
 * Why ACK's cloud controller cannot give this Service a load balancer, or undefined when it can.
 * Pay-by-specification CLBs are no longer sold (since 2025-06-01); a new NLB needs zone maps on
 * vSwitches of the cluster's VPC in two or more zones.
 */
export function loadBalancerProblem(
  svc: KubeObject,
  kind: LoadBalancerKind,
  network: CloudNetwork | undefined,
): string | undefined {
  const annotations = svc.metadata.annotations ?? {};
  const listeners = checkListeners(svc, kind);
  if (listeners) return listeners;
  if (kind === 'nlb') return checkZoneMaps(annotations[`${CCM}-zone-maps`], network);
  const charge = annotations[`${CCM}-instance-charge-type`];
  if (charge === 'PayBySpec' || annotations[`${CCM}-spec`] !== undefined) {
    return 'OperationDenied.PayBySpecNotSupported: pay-by-specification CLB instances can no longer be purchased; use instance-charge-type PayByCLCU and no spec';
  }
  if (charge !== undefined && charge !== 'PayByCLCU')
    return `${CCM}-instance-charge-type "${charge}" is not valid; use PayByCLCU`;
  return undefined;
}
