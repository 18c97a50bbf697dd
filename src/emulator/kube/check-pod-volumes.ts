import { zoneOfVolume } from './check-pod-security.js';
import type { ObjectStore } from './object-store.js';
import { R } from './resources.js';
import { SELECTED_NODE } from './sync-volumes.js';
import type { KubeObject } from './types.js';

/** What a pod's claims mean for scheduling it (the scheduler's VolumeBinding and VolumeZone plugins). */
export interface VolumeVerdict {
  /** No node can take the pod, e.g. a claim that does not exist. */
  readonly blocker?: string;
  /** The pod's bound disks pin it to this zone. */
  readonly zone?: string;
  /** WaitForFirstConsumer claims still to be given a node: the scheduler picks one, then waits for the disk. */
  readonly toProvision: readonly KubeObject[];
  /** A disk is being created for the node already picked: the pod is bound once it exists. */
  readonly waiting: boolean;
}

export function checkPodVolumes(store: ObjectStore, pod: KubeObject): VolumeVerdict {
  const names = ((pod['spec'] as { volumes?: { persistentVolumeClaim?: { claimName?: string } }[] }).volumes ?? [])
    .map((v) => v.persistentVolumeClaim?.claimName)
    .filter((n): n is string => Boolean(n));
  const toProvision: KubeObject[] = [];
  let zone: string | undefined;
  let waiting = false;
  for (const name of names) {
    const claim = store.find(R.claims, pod.metadata.namespace, name);
    if (!claim) return { blocker: `persistentvolumeclaim "${name}" not found`, toProvision, waiting };
    const spec = claim['spec'] as { volumeName?: string; storageClassName?: string };
    if (spec.volumeName) {
      zone = zoneOfVolume(store.find(R.volumes, undefined, spec.volumeName)) ?? zone;
      continue;
    }
    const storageClass = store.find(R.storageclasses, undefined, spec.storageClassName ?? '');
    if (storageClass?.['volumeBindingMode'] !== 'WaitForFirstConsumer') {
      return { blocker: 'pod has unbound immediate PersistentVolumeClaims', toProvision, waiting };
    }
    if (claim.metadata.annotations?.[SELECTED_NODE]) waiting = true;
    else toProvision.push(claim);
  }
  return { ...(zone ? { zone } : {}), toProvision, waiting };
}
