import { isPlainObject } from './apply-patch.js';
import { randomSuffix } from './random-names.js';
import { invalid } from './status-error.js';
import type { KubeObject } from './types.js';

/** PersistentVolumeClaim: what the apiserver requires and defaults; binding is the volume controller's. */
export function admitClaim(obj: KubeObject, current?: KubeObject): void {
  const name = obj.metadata.name;
  const spec = (obj['spec'] ?? {}) as Record<string, unknown>;
  obj['spec'] = spec;
  if (current) {
    // Bound claims keep their volume; the spec is otherwise immutable but for the requested size.
    const before = current['spec'] as Record<string, unknown>;
    for (const key of ['volumeName', 'storageClassName', 'accessModes', 'volumeMode']) {
      if (before[key] !== undefined) spec[key] = before[key];
    }
    return;
  }
  const modes = spec['accessModes'];
  if (!Array.isArray(modes) || modes.length === 0) {
    throw invalid('PersistentVolumeClaim', '', name, 'spec.accessModes', 'Required value: at least 1 access mode is required');
  }
  const storage = (spec['resources'] as { requests?: Record<string, unknown> } | undefined)?.requests?.['storage'];
  if (storage === undefined) throw invalid('PersistentVolumeClaim', '', name, 'spec.resources[storage]', 'Required value');
  spec['volumeMode'] ??= 'Filesystem';
  obj['status'] = { phase: 'Pending' };
}

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

/** `[network, prefix]` of an IPv4 CIDR; IPv6 CIDRs are accepted as written (`undefined`). */
function parseCidr(cidr: string): { v4?: [number, number]; ok: boolean } {
  const [ip = '', prefixText = ''] = cidr.split('/');
  const prefix = Number(prefixText);
  if (ip.includes(':')) return { ok: /^[0-9a-fA-F:]+$/.test(ip) && Number.isInteger(prefix) && prefix >= 0 && prefix <= 128 };
  const value = ipv4ToInt(ip);
  if (value === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return { ok: false };
  return { ok: true, v4: [value, prefix] };
}

function contains(outer: [number, number], inner: [number, number]): boolean {
  if (inner[1] <= outer[1]) return false; // a strict subset only
  const mask = outer[1] === 0 ? 0 : (~0 << (32 - outer[1])) >>> 0;
  return (inner[0] & mask) >>> 0 === (outer[0] & mask) >>> 0;
}

/** NetworkPolicy: podSelector required; every ipBlock a CIDR, every `except` strictly inside it. */
export function admitNetworkPolicy(obj: KubeObject): void {
  const name = obj.metadata.name;
  const spec = obj['spec'] as Record<string, unknown> | undefined;
  if (!isPlainObject(spec) || !isPlainObject(spec['podSelector'])) {
    throw invalid('NetworkPolicy', 'networking.k8s.io', name, 'spec.podSelector', 'Required value');
  }
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = (spec[direction] ?? []) as Record<string, unknown>[];
    rules.forEach((rule, r) => {
      const peers = (rule[direction === 'ingress' ? 'from' : 'to'] ?? []) as { ipBlock?: { cidr?: string; except?: string[] } }[];
      peers.forEach((peer, p) => {
        if (!peer.ipBlock) return;
        const field = `spec.${direction}[${r}].${direction === 'ingress' ? 'from' : 'to'}[${p}].ipBlock`;
        const cidr = parseCidr(peer.ipBlock.cidr ?? '');
        if (!cidr.ok)
          throw invalid('NetworkPolicy', 'networking.k8s.io', name, `${field}.cidr`, `Invalid value: "${peer.ipBlock.cidr}"`);
        (peer.ipBlock.except ?? []).forEach((except, e) => {
          const inner = parseCidr(except);
          const outside = !inner.ok || (cidr.v4 && (!inner.v4 || !contains(cidr.v4, inner.v4))) || (!cidr.v4 && inner.v4);
          if (outside) {
            throw invalid(
              'NetworkPolicy',
              'networking.k8s.io',
              name,
              `${field}.except[${e}]`,
              `Invalid value: "${except}": must be a strict subset of \`cidr\``,
            );
          }
        });
      });
      for (const port of (rule['ports'] ?? []) as Record<string, unknown>[]) port['protocol'] ??= 'TCP';
    });
  }
  spec['policyTypes'] ??= spec['egress'] ? ['Ingress', 'Egress'] : ['Ingress'];
}

/**
 * The ServiceAccount admission plugin: unless the pod (or its service account) opts out with
 * `automountServiceAccountToken: false`, every container gets the API token mounted.
 */
export function injectServiceAccountToken(spec: Record<string, unknown>): void {
  if (spec['automountServiceAccountToken'] === false) return;
  const volume = `kube-api-access-${randomSuffix(5)}`;
  spec['volumes'] = [
    ...((spec['volumes'] ?? []) as unknown[]),
    {
      name: volume,
      projected: {
        defaultMode: 420,
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    },
  ];
  for (const container of (spec['containers'] ?? []) as Record<string, unknown>[]) {
    container['volumeMounts'] = [
      ...((container['volumeMounts'] ?? []) as unknown[]),
      { name: volume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
    ];
  }
}
