import type { ObjectStore } from './object-store.js';
import { R } from './resources.js';
import type { KubeObject } from './types.js';

interface VolumeMount {
  name: string;
  mountPath: string;
}
interface SecretVolume {
  name: string;
  secret?: { secretName?: string; items?: { key: string; path: string }[] };
}

/**
 * What a container would read at `path`, when the path lies in a mounted Secret volume: the
 * Secret's key (through `items` when given) decoded, or undefined when nothing is mounted there.
 */
export function readMountedFile(store: ObjectStore, pod: KubeObject, containerName: string, path: string): Buffer | undefined {
  const spec = pod['spec'] as { containers?: { name: string; volumeMounts?: VolumeMount[] }[]; volumes?: SecretVolume[] };
  const container = spec.containers?.find((c) => c.name === containerName);
  for (const mount of container?.volumeMounts ?? []) {
    const dir = mount.mountPath.replace(/\/+$/, '');
    if (!path.startsWith(`${dir}/`)) continue;
    const relative = path.slice(dir.length + 1);
    const volume = spec.volumes?.find((v) => v.name === mount.name);
    if (!volume?.secret?.secretName) continue;
    const secret = store.find(R.secrets, pod.metadata.namespace, volume.secret.secretName);
    const items = volume.secret.items;
    const key = items ? items.find((item) => item.path === relative)?.key : relative;
    const data = (secret?.['data'] as Record<string, string> | undefined)?.[key ?? ''];
    if (data !== undefined) return Buffer.from(data, 'base64');
  }
  return undefined;
}
