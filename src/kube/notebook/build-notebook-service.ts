import type { V1Service } from '@kubernetes/client-node';
import { JUPYTER_PORT, LABEL_NOTEBOOK } from './notebook-labels.js';
import type { NotebookExposure, NotebookSpec } from './types.js';

const CCM = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer';
/** The class that makes ACK's cloud controller create an NLB; without it, a CLB. Immutable once set. */
export const NLB_CLASS = 'alibabacloud.com/nlb';

/**
 * Alibaba Cloud CCM annotations. An NLB needs its zone maps (`<zone>:<vSwitch>,...`, vSwitches in
 * two or more zones); a CLB is billed by LCU (`PayByCLCU`, no spec: pay-by-specification CLBs are
 * no longer sold) and, on the internet, by traffic (the only metering pay-by-LCU allows).
 */
export function loadBalancerAnnotations(exposure: NotebookExposure): Record<string, string> {
  const addressType = { [`${CCM}-address-type`]: exposure.addressType };
  if (exposure.loadBalancer === 'nlb') {
    return {
      ...addressType,
      [`${CCM}-zone-maps`]: exposure.zoneMaps.map((map) => `${map.zoneId}:${map.vswitchId}`).join(','),
    };
  }
  return {
    ...addressType,
    [`${CCM}-instance-charge-type`]: 'PayByCLCU',
    ...(exposure.addressType === 'internet' ? { [`${CCM}-charge-type`]: 'paybytraffic' } : {}),
  };
}

/**
 * An NLB takes the certificate id "combined" with a region, as ACK documents it: `<id>-cn-hangzhou`
 * for clusters in mainland China, `<id>-ap-southeast-1` elsewhere. An id already combined is kept.
 */
export function nlbCertificateId(certificateId: string, regionId: string): string {
  if (/-(cn-hangzhou|ap-southeast-1)$/.test(certificateId)) return certificateId;
  const mainland = regionId.startsWith('cn-') && regionId !== 'cn-hongkong';
  return `${certificateId}-${mainland ? 'cn-hangzhou' : 'ap-southeast-1'}`;
}

/**
 * The listener on 443. With a certificate id, TLS ends at the load balancer: an NLB TCP/SSL
 * listener or a CLB HTTPS listener, forwarding plain traffic to Jupyter. Without one, the default
 * TCP listener passes Jupyter's own TLS through untouched.
 */
function listenerAnnotations(spec: NotebookSpec): Record<string, string> {
  const tls = spec.loadBalancerTls;
  if (!tls) return {};
  if (spec.exposure.loadBalancer === 'nlb') {
    return {
      [`${CCM}-protocol-port`]: `tcpssl:${HTTPS_PORT}`,
      [`${CCM}-cert-id`]: nlbCertificateId(tls.certificateId, tls.regionId),
    };
  }
  return { [`${CCM}-protocol-port`]: `https:${HTTPS_PORT}`, [`${CCM}-cert-id`]: tls.certificateId };
}

const HTTPS_PORT = 443;
const HTTP_PORT = 80;

/** The LoadBalancer Service in front of one notebook. */
export function buildNotebookService(
  spec: NotebookSpec,
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> },
): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      ...metadata,
      annotations: { ...metadata.annotations, ...loadBalancerAnnotations(spec.exposure), ...listenerAnnotations(spec) },
    },
    spec: {
      type: 'LoadBalancer',
      ...(spec.exposure.loadBalancer === 'nlb' ? { loadBalancerClass: NLB_CLASS } : {}),
      selector: { [LABEL_NOTEBOOK]: spec.name },
      ports: [
        spec.tls || spec.loadBalancerTls
          ? { name: 'https', port: HTTPS_PORT, targetPort: JUPYTER_PORT, protocol: 'TCP' }
          : { name: 'http', port: HTTP_PORT, targetPort: JUPYTER_PORT, protocol: 'TCP' },
      ],
      ...(spec.exposure.sourceRanges.length > 0 ? { loadBalancerSourceRanges: [...spec.exposure.sourceRanges] } : {}),
    },
  };
}
