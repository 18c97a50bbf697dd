import type { ObjectStore } from './object-store.js';
import { R } from './resources.js';
import type { KubeObject } from './types.js';

interface ContainerLike {
  name: string;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
}

/**
 * The kubelet's non-root check before it creates a container: with `runAsNonRoot` the effective
 * user must be set and not 0 (emulated images, like the TensorFlow ones, declare no user: root).
 */
export function nonRootError(pod: KubeObject, container: ContainerLike): string | undefined {
  const podContext = (pod['spec'] as { securityContext?: { runAsNonRoot?: boolean; runAsUser?: number } }).securityContext ?? {};
  const nonRoot = container.securityContext?.runAsNonRoot ?? podContext.runAsNonRoot;
  if (!nonRoot) return undefined;
  const user = container.securityContext?.runAsUser ?? podContext.runAsUser;
  const who = `(pod: "${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid ?? ''})", container: ${container.name})`;
  if (user === undefined) return `container has runAsNonRoot and image will run as root ${who}`;
  if (user === 0) return `container's runAsUser breaks non-root policy ${who}`;
  return undefined;
}

/** Why a pod's disks cannot be attached on `nodeName`: an unbound claim, or a zonal disk of another zone. */
export function attachError(store: ObjectStore, pod: KubeObject, nodeName: string): string | undefined {
  const volumes = ((pod['spec'] as { volumes?: { persistentVolumeClaim?: { claimName: string } }[] }).volumes ?? []).filter(
    (v) => v.persistentVolumeClaim,
  );
  const node = store.find(R.nodes, undefined, nodeName);
  const nodeZone = node?.metadata.labels?.['topology.kubernetes.io/zone'];
  for (const volume of volumes) {
    const claimName = volume.persistentVolumeClaim?.claimName ?? '';
    const claim = store.find(R.claims, pod.metadata.namespace, claimName);
    const volumeName = (claim?.['spec'] as { volumeName?: string } | undefined)?.volumeName;
    if (!claim || !volumeName)
      return `unbound immediate PersistentVolumeClaims: persistentvolumeclaim "${claimName}" is not bound`;
    const zone = zoneOfVolume(store.find(R.volumes, undefined, volumeName));
    if (zone && nodeZone && zone !== nodeZone) {
      return `AttachVolume.Attach failed for volume "${volumeName}" : disk ${volumeName} is in zone ${zone}; node ${nodeName} is in zone ${nodeZone}`;
    }
  }
  return undefined;
}

/** The zone a PersistentVolume's node affinity pins it to. */
export function zoneOfVolume(volume: KubeObject | undefined): string | undefined {
  const terms = (
    volume?.['spec'] as
      | { nodeAffinity?: { required?: { nodeSelectorTerms?: { matchExpressions?: { key: string; values?: string[] }[] }[] } } }
      | undefined
  )?.nodeAffinity?.required?.nodeSelectorTerms;
  for (const term of terms ?? []) {
    const zone = term.matchExpressions?.find((e) => e.key === 'topology.kubernetes.io/zone')?.values?.[0];
    if (zone) return zone;
  }
  return undefined;
}
