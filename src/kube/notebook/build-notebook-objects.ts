import type { V1Deployment, V1Secret, V1Service } from '@kubernetes/client-node';
import { buildNotebookDeployment } from './build-notebook-deployment.js';
import { buildNotebookService } from './build-notebook-service.js';
import { ANNOTATION_OWNER, ANNOTATION_REQUEST, notebookLabels, PASSWORD_KEY } from './notebook-labels.js';
import type { NotebookSpec } from './types.js';

export { loadBalancerAnnotations } from './build-notebook-service.js';

export interface NotebookObjects {
  readonly secret: V1Secret;
  readonly deployment: V1Deployment;
  readonly service: V1Service;
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
  return { secret, deployment: buildNotebookDeployment(spec, metadata), service: buildNotebookService(spec, metadata) };
}
