import type { V1Service } from '@kubernetes/client-node';
import { JUPYTER_PORT, LABEL_NOTEBOOK } from './notebook-labels.js';
import type { NotebookExposure, NotebookSpec } from './types.js';

const CCM = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer';

/**
 * Alibaba Cloud CCM annotations: address type and spec, billed pay-as-you-go by spec (PayBySpec is
 * what makes the spec annotation apply) and, for internet CLBs, by traffic.
 */
export function loadBalancerAnnotations(exposure: NotebookExposure): Record<string, string> {
  return {
    [`${CCM}-address-type`]: exposure.addressType,
    [`${CCM}-spec`]: exposure.lbSpec,
    [`${CCM}-instance-charge-type`]: 'PayBySpec',
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
      selector: { [LABEL_NOTEBOOK]: spec.name },
      ports: [{ name: 'http', port: 80, targetPort: JUPYTER_PORT, protocol: 'TCP' }],
      ...(spec.exposure.sourceRanges.length > 0 ? { loadBalancerSourceRanges: [...spec.exposure.sourceRanges] } : {}),
    },
  };
}
