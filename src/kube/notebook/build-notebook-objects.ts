import type { V1Deployment, V1NetworkPolicy, V1PersistentVolumeClaim, V1Secret, V1Service } from '@kubernetes/client-node';
import { buildNotebookClaim } from './build-notebook-claim.js';
import { buildNotebookDeployment } from './build-notebook-deployment.js';
import { buildNotebookNetworkPolicy } from './build-notebook-network-policy.js';
import { buildNotebookService } from './build-notebook-service.js';
import {
  ANNOTATION_OWNER,
  ANNOTATION_REQUEST,
  notebookLabels,
  PASSWORD_KEY,
  TLS_CERT_KEY,
  TLS_KEY_KEY,
} from './notebook-labels.js';
import type { NotebookCredentials, NotebookSpec } from './types.js';

export { loadBalancerAnnotations } from './build-notebook-service.js';

export interface NotebookObjects {
  readonly secret: V1Secret;
  readonly deployment: V1Deployment;
  readonly service: V1Service;
  readonly networkPolicy: V1NetworkPolicy;
  readonly claim: V1PersistentVolumeClaim;
}

const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');

/**
 * The objects of one notebook. The password and private key go only into the Secret.
 * `apiServerAddresses`: the cluster's API server, which the notebook must not reach.
 */
export function buildNotebookObjects(
  spec: NotebookSpec,
  credentials: NotebookCredentials,
  apiServerAddresses: readonly string[],
): NotebookObjects {
  const labels = notebookLabels(spec.name, spec.owner);
  const annotations = { [ANNOTATION_OWNER]: spec.owner, [ANNOTATION_REQUEST]: spec.requestId };
  const metadata = { name: spec.name, namespace: spec.namespace, labels, annotations };
  if (spec.tls && !credentials.tls) throw new Error(`notebook ${spec.name} serves HTTPS but has no certificate`);
  if (spec.tls && spec.loadBalancerTls)
    throw new Error(`notebook ${spec.name}: TLS ends either in Jupyter or at the load balancer`);
  const secret: V1Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata,
    type: 'Opaque',
    data: {
      [PASSWORD_KEY]: base64(credentials.password),
      ...(spec.tls && credentials.tls
        ? { [TLS_CERT_KEY]: base64(credentials.tls.certificatePem), [TLS_KEY_KEY]: base64(credentials.tls.privateKeyPem) }
        : {}),
    },
  };
  return {
    secret,
    deployment: buildNotebookDeployment(spec, metadata),
    service: buildNotebookService(spec, metadata),
    networkPolicy: buildNotebookNetworkPolicy(spec.name, metadata, apiServerAddresses),
    claim: buildNotebookClaim(spec, metadata),
  };
}
