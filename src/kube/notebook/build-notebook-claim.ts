import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { NotebookSpec } from './types.js';

/**
 * The notebook's disk. A cloud disk attaches to one node at a time (ReadWriteOnce) and lives in
 * one zone; ACK's topology classes create it in the zone of the node the pod is scheduled to.
 */
export function buildNotebookClaim(
  spec: NotebookSpec,
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> },
): V1PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata,
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: spec.storage.storageClass,
      resources: { requests: { storage: spec.storage.size } },
    },
  };
}
