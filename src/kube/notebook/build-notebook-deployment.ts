import type { V1Deployment } from '@kubernetes/client-node';
import { jupyterCommand } from './jupyter-command.js';
import { JUPYTER_PORT, LABEL_NOTEBOOK, NOTEBOOK_CONTAINER, PASSWORD_KEY } from './notebook-labels.js';
import type { NotebookSpec } from './types.js';

/** The Deployment of one notebook: one Jupyter container with its GPUs, the password read from the Secret. */
export function buildNotebookDeployment(
  spec: NotebookSpec,
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> },
): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: 1,
      // A GPU cannot be shared: a rolling update would wait forever for a second GPU.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { [LABEL_NOTEBOOK]: spec.name } },
      template: {
        metadata: { labels: metadata.labels, annotations: metadata.annotations },
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
}
