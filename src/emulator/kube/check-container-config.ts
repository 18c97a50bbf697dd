import type { ObjectStore } from './object-store.js';
import type { ContainerSpec } from './pod-resources.js';
import { R } from './resources.js';

/**
 * What the kubelet checks before creating a container: every secret/configMap an env var refers
 * to must exist and hold the key. Returns the kubelet's error text, or undefined when all resolve.
 */
export function containerConfigError(store: ObjectStore, namespace: string, container: ContainerSpec): string | undefined {
  for (const env of container.env ?? []) {
    const from = env.valueFrom ?? {};
    const secretRef = from['secretKeyRef'];
    if (secretRef) {
      const error = checkKey(store, namespace, 'Secret', secretRef.name ?? '', secretRef.key ?? '', secretRef.optional);
      if (error) return error;
    }
    const configMapRef = from['configMapKeyRef'];
    if (configMapRef) {
      const error = checkKey(
        store,
        namespace,
        'ConfigMap',
        configMapRef.name ?? '',
        configMapRef.key ?? '',
        configMapRef.optional,
      );
      if (error) return error;
    }
  }
  for (const source of container.envFrom ?? []) {
    const ref = source.secretRef ?? source.configMapRef;
    if (!ref || ref.optional) continue;
    const kind = source.secretRef ? 'Secret' : 'ConfigMap';
    const type = kind === 'Secret' ? R.secrets : R.configmaps;
    if (!store.find(type, namespace, ref.name ?? ''))
      return `${kind === 'Secret' ? 'secret' : 'configmap'} "${ref.name ?? ''}" not found`;
  }
  return undefined;
}

function checkKey(
  store: ObjectStore,
  namespace: string,
  kind: 'Secret' | 'ConfigMap',
  name: string,
  key: string,
  optional: boolean | undefined,
): string | undefined {
  if (optional) return undefined;
  const obj = store.find(kind === 'Secret' ? R.secrets : R.configmaps, namespace, name);
  if (!obj) return `${kind === 'Secret' ? 'secret' : 'configmap'} "${name}" not found`;
  const data = {
    ...((obj['data'] as Record<string, string> | undefined) ?? {}),
    ...((obj['binaryData'] as Record<string, string> | undefined) ?? {}),
  };
  if (!(key in data)) return `couldn't find key ${key} in ${kind} ${namespace}/${name}`;
  return undefined;
}
