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

/** The LoadBalancer Service in front of one notebook. */
export function buildNotebookService(
  spec: NotebookSpec,
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> },
): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...metadata, annotations: { ...metadata.annotations, ...loadBalancerAnnotations(spec.exposure) } },
    spec: {
      type: 'LoadBalancer',
      ...(spec.exposure.loadBalancer === 'nlb' ? { loadBalancerClass: NLB_CLASS } : {}),
      selector: { [LABEL_NOTEBOOK]: spec.name },
      ports: [{ name: 'http', port: 80, targetPort: JUPYTER_PORT, protocol: 'TCP' }],
      ...(spec.exposure.sourceRanges.length > 0 ? { loadBalancerSourceRanges: [...spec.exposure.sourceRanges] } : {}),
    },
  };
}
