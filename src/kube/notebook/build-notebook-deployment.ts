import type { V1Deployment, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { jupyterCommand } from './jupyter-command.js';
import {
  JUPYTER_PORT,
  LABEL_NOTEBOOK,
  NOTEBOOK_CONTAINER,
  NOTEBOOK_GID,
  NOTEBOOK_HOME,
  NOTEBOOK_UID,
  PASSWORD_KEY,
  TLS_CERT_KEY,
  TLS_DIR,
  TLS_KEY_KEY,
} from './notebook-labels.js';
import type { NotebookSpec } from './types.js';

const GPU = 'nvidia.com/gpu';
/** Secret files readable by the notebook's group (fsGroup) only. */
const OWNER_AND_GROUP_READ = 0o440;

function volumesOf(spec: NotebookSpec): { volumes: V1Volume[]; mounts: V1VolumeMount[] } {
  const volumes: V1Volume[] = [{ name: 'work', persistentVolumeClaim: { claimName: spec.name } }];
  const mounts: V1VolumeMount[] = [{ name: 'work', mountPath: NOTEBOOK_HOME }];
  if (spec.tls) {
    volumes.push({
      name: 'tls',
      secret: {
        secretName: spec.name,
        defaultMode: OWNER_AND_GROUP_READ,
        items: [
          { key: TLS_CERT_KEY, path: TLS_CERT_KEY },
          { key: TLS_KEY_KEY, path: TLS_KEY_KEY },
        ],
      },
    });
    mounts.push({ name: 'tls', mountPath: TLS_DIR, readOnly: true });
  }
  return { volumes, mounts };
}

/**
 * The Deployment of one notebook: one Jupyter container with its GPUs, a share of the node's CPU and
 * memory, its disk as working directory, the password read from the Secret. The pod gets no
 * service-account token, runs as a non-root user, cannot gain privileges and keeps no capability:
 * the "restricted" Pod Security profile.
 */
export function buildNotebookDeployment(
  spec: NotebookSpec,
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> },
): V1Deployment {
  const { volumes, mounts } = volumesOf(spec);
  const { resources } = spec;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: 1,
      // A GPU cannot be shared and a disk attaches to one node: a rolling update would wait forever.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { [LABEL_NOTEBOOK]: spec.name } },
      template: {
        metadata: { labels: metadata.labels, annotations: metadata.annotations },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: NOTEBOOK_UID,
            runAsGroup: NOTEBOOK_GID,
            fsGroup: NOTEBOOK_GID,
            // A large disk is walked once, not at every start.
            fsGroupChangePolicy: 'OnRootMismatch',
            seccompProfile: { type: 'RuntimeDefault' },
          },
          // No hostPath driver volumes: ACK's NVIDIA device plugin mounts the driver.
          containers: [
            {
              name: NOTEBOOK_CONTAINER,
              image: spec.image,
              command: jupyterCommand({ tls: spec.tls }),
              workingDir: NOTEBOOK_HOME,
              ports: [{ name: 'jupyter', containerPort: JUPYTER_PORT, protocol: 'TCP' }],
              env: [
                { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: spec.name, key: PASSWORD_KEY } } },
                { name: 'HOME', value: NOTEBOOK_HOME },
              ],
              resources: {
                requests: { cpu: resources.cpuRequest, memory: resources.memoryRequest },
                limits: { cpu: resources.cpuLimit, memory: resources.memoryLimit, [GPU]: String(spec.gpus) },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                runAsNonRoot: true,
              },
              volumeMounts: mounts,
              // Jupyter's version endpoint answers without login; the kubelet does not verify certificates.
              readinessProbe: {
                httpGet: { path: '/api', port: JUPYTER_PORT, scheme: spec.tls ? 'HTTPS' : 'HTTP' },
                periodSeconds: 5,
              },
            },
          ],
          volumes,
        },
      },
    },
  };
}
