import type { V1Deployment, V1Secret, V1Service } from '@kubernetes/client-node';
import { jupyterCommand } from './jupyter-command.js';
import {
  ANNOTATION_OWNER,
  ANNOTATION_REQUEST,
  JUPYTER_PORT,
  LABEL_NOTEBOOK,
  NOTEBOOK_CONTAINER,
  notebookLabels,
  PASSWORD_KEY,
} from './notebook-labels.js';
import type { NotebookExposure, NotebookSpec } from './types.js';

export interface NotebookObjects {
  readonly secret: V1Secret;
  readonly deployment: V1Deployment;
  readonly service: V1Service;
}

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

/** The Secret, Deployment and Service of one notebook. The password goes only into the Secret. */
export function buildNotebookObjects(spec: NotebookSpec, password: string): NotebookObjects {
  const labels = notebookLabels(spec.name, spec.owner);
  const annotations = { [ANNOTATION_OWNER]: spec.owner, [ANNOTATION_REQUEST]: spec.requestId };
  const metadata = { name: spec.name, namespace: spec.namespace, labels, annotations };
  const secret: V1Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata,
    type: 'Opaque',
    data: { [PASSWORD_KEY]: Buffer.from(password, 'utf8').toString('base64') },
  };
  const deployment: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: 1,
      // A GPU cannot be shared: a rolling update would wait forever for a second GPU.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { [LABEL_NOTEBOOK]: spec.name } },
      template: {
        metadata: { labels, annotations },
        spec: {
          // No hostPath driver volumes: ACK's NVIDIA device plugin mounts the driver.
          containers: [
            {
              name: NOTEBOOK_CONTAINER,
              image: spec.image,
              command: jupyterCommand(),
              ports: [{ name: 'jupyter', containerPort: JUPYTER_PORT, protocol: 'TCP' }],
              env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: spec.name, key: PASSWORD_KEY } } }],
              resources: { limits: { 'nvidia.com/gpu': String(spec.gpus) } },
              readinessProbe: { tcpSocket: { port: JUPYTER_PORT }, periodSeconds: 5 },
            },
          ],
        },
      },
    },
  };
  const service: V1Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...metadata, annotations: { ...annotations, ...loadBalancerAnnotations(spec.exposure) } },
    spec: {
      type: 'LoadBalancer',
      selector: { [LABEL_NOTEBOOK]: spec.name },
      ports: [{ name: 'http', port: 80, targetPort: JUPYTER_PORT, protocol: 'TCP' }],
      ...(spec.exposure.sourceRanges.length > 0 ? { loadBalancerSourceRanges: [...spec.exposure.sourceRanges] } : {}),
    },
  };
  return { secret, deployment, service };
}
