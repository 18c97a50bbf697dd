import { admitClaim, admitNetworkPolicy, injectServiceAccountToken } from './admit-volumes-and-policies.js';
import { isPlainObject } from './apply-patch.js';
import { restrictedViolations } from './check-pod-security-standard.js';
import { R } from './resources.js';
import type { ObjectStore } from './object-store.js';
import { podContainers } from './pod-resources.js';
import { selectorMatches } from './match-selectors.js';
import type { ResourceType } from './resources.js';
import { KubeStatusError, invalid } from './status-error.js';
import { allocateClusterIp, allocateNodePort } from './sync-services.js';
import type { KubeObject } from './types.js';

/** Types whose status only controllers write: user writes to the main resource keep the stored status. */
const STATUS_OWNED = new Set([
  'Pod',
  'Deployment',
  'ReplicaSet',
  'Service',
  'Namespace',
  'Node',
  'PersistentVolumeClaim',
  'PersistentVolume',
]);

/**
 * The apiserver's defaulting and validation for a create (no `current`) or an update of `current`.
 * Mutates and returns `obj`.
 */
export function admitObject(store: ObjectStore, type: ResourceType, obj: KubeObject, current?: KubeObject): KubeObject {
  if (!isPlainObject(obj) || !isPlainObject(obj.metadata)) {
    throw new KubeStatusError('BadRequest', `the body of the request was not a ${type.kind} object`);
  }
  if (obj.kind !== undefined && obj.kind !== type.kind) {
    throw new KubeStatusError(
      'BadRequest',
      `the API version in the data (${String(obj.apiVersion)}) and kind (${String(obj.kind)}) do not match the URL (${type.kind})`,
    );
  }
  obj.kind = type.kind;
  obj.apiVersion = type.group ? `${type.group}/${type.version}` : type.version;
  if (STATUS_OWNED.has(type.kind)) {
    if (current) {
      if (current['status'] !== undefined) obj['status'] = structuredClone(current['status']);
      else delete obj['status'];
    } else delete obj['status'];
  }
  switch (type.kind) {
    case 'Secret':
      admitSecret(obj);
      break;
    case 'Service':
      admitService(store, obj, current);
      break;
    case 'Deployment':
      admitDeployment(obj);
      break;
    case 'Pod':
      admitPod(obj, current);
      if (!current) enforcePodSecurity(store, obj);
      break;
    case 'PersistentVolumeClaim':
      admitClaim(obj, current);
      break;
    case 'NetworkPolicy':
      admitNetworkPolicy(obj);
      break;
    case 'Namespace':
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
      obj['spec'] ??= { finalizers: ['kubernetes'] };
      obj['status'] = { phase: 'Active' };
      break;
  }
  return obj;
}

/** `stringData` is write-only: it folds into base64 `data` and is never stored or returned. */
function admitSecret(obj: KubeObject): void {
  const data = { ...((obj['data'] as Record<string, string> | undefined) ?? {}) };
  for (const [key, value] of Object.entries((obj['stringData'] as Record<string, string> | undefined) ?? {})) {
    data[key] = Buffer.from(String(value), 'utf8').toString('base64');
  }
  delete obj['stringData'];
  obj['data'] = data;
  obj['type'] ??= 'Opaque';
}

function admitService(store: ObjectStore, obj: KubeObject, current?: KubeObject): void {
  const spec = (obj['spec'] ??= {}) as Record<string, unknown>;
  const before = (current?.['spec'] ?? {}) as Record<string, unknown>;
  spec['type'] ??= 'ClusterIP';
  if (current !== undefined && (spec['loadBalancerClass'] ?? null) !== (before['loadBalancerClass'] ?? null)) {
    throw invalid('Service', '', obj.metadata.name, 'spec.loadBalancerClass', 'Invalid value: field is immutable');
  }
  if (spec['loadBalancerClass'] !== undefined && spec['type'] !== 'LoadBalancer') {
    throw invalid(
      'Service',
      '',
      obj.metadata.name,
      'spec.loadBalancerClass',
      "Invalid value: may only be used when `type` is 'LoadBalancer'",
    );
  }
  spec['sessionAffinity'] ??= 'None';
  spec['clusterIP'] ??= before['clusterIP'] ?? allocateClusterIp(store);
  spec['clusterIPs'] = [spec['clusterIP']];
  spec['ipFamilies'] ??= ['IPv4'];
  spec['ipFamilyPolicy'] ??= 'SingleStack';
  spec['internalTrafficPolicy'] ??= 'Cluster';
  const ports = (spec['ports'] ?? []) as Record<string, unknown>[];
  const taken = new Set<number>();
  const beforePorts = (before['ports'] ?? []) as Record<string, unknown>[];
  for (const port of ports) {
    if (typeof port['port'] !== 'number') throw invalid('Service', '', obj.metadata.name, 'spec.ports[0].port', 'Required value');
    port['protocol'] ??= 'TCP';
    port['targetPort'] ??= port['port'];
    if ((spec['type'] === 'LoadBalancer' || spec['type'] === 'NodePort') && port['nodePort'] === undefined) {
      const kept = beforePorts.find((p) => p['port'] === port['port'])?.['nodePort'];
      port['nodePort'] = typeof kept === 'number' ? kept : allocateNodePort(store, taken);
      taken.add(port['nodePort'] as number);
    }
  }
  if (spec['type'] === 'LoadBalancer') {
    spec['externalTrafficPolicy'] ??= 'Cluster';
    spec['allocateLoadBalancerNodePorts'] ??= true;
  }
  obj['status'] ??= { loadBalancer: {} };
}

function admitDeployment(obj: KubeObject): void {
  const spec = (obj['spec'] ??= {}) as Record<string, unknown>;
  const name = obj.metadata.name;
  if (!isPlainObject(spec['selector'])) throw invalid('Deployment', 'apps', name, 'spec.selector', 'Required value');
  const template = spec['template'] as
    { metadata?: { labels?: Record<string, string> }; spec?: { containers?: unknown[] } } | undefined;
  if (!selectorMatches(spec['selector'], template?.metadata?.labels)) {
    throw invalid(
      'Deployment',
      'apps',
      name,
      'spec.template.metadata.labels',
      `Invalid value: ${JSON.stringify(template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\``,
    );
  }
  if (!template?.spec?.containers?.length)
    throw invalid('Deployment', 'apps', name, 'spec.template.spec.containers', 'Required value');
  spec['replicas'] ??= 1;
  spec['revisionHistoryLimit'] ??= 10;
  spec['progressDeadlineSeconds'] ??= 600;
  spec['strategy'] ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
}

/** Pod Security admission: a namespace labelled to enforce "restricted" refuses pods that are not. */
function enforcePodSecurity(store: ObjectStore, pod: KubeObject): void {
  const namespace = store.find(R.namespaces, undefined, pod.metadata.namespace ?? '');
  if (namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce'] !== 'restricted') return;
  const violations = restrictedViolations(pod);
  if (violations.length === 0) return;
  const name = pod.metadata.name || pod.metadata.generateName || '';
  throw new KubeStatusError(
    'Forbidden',
    `pods "${name}" is forbidden: violates PodSecurity "restricted:latest": ${violations.join(', ')}`,
  );
}

function admitPod(obj: KubeObject, current?: KubeObject): void {
  if (current) {
    // Only a few pod fields are mutable; the scheduler's binding must survive a user update.
    const nodeName = (current['spec'] as { nodeName?: string }).nodeName;
    if (nodeName) (obj['spec'] as Record<string, unknown>)['nodeName'] = nodeName;
    return;
  }
  if (!podContainers(obj).length) throw invalid('Pod', '', obj.metadata.name, 'spec.containers', 'Required value');
  obj['spec'] = defaultPodSpec((obj['spec'] ?? {}) as Record<string, unknown>);
  injectServiceAccountToken(obj['spec'] as Record<string, unknown>);
  obj['status'] = { phase: 'Pending', qosClass: qosClass(obj) };
}

/** The defaults the apiserver fills into a pod spec. */
export function defaultPodSpec(spec: Record<string, unknown>): Record<string, unknown> {
  // A resource with a limit and no request is requested at its limit.
  for (const container of (spec['containers'] ?? []) as { resources?: { limits?: object; requests?: object } }[]) {
    const limits = container.resources?.limits;
    if (container.resources && limits) container.resources.requests = { ...limits, ...(container.resources.requests ?? {}) };
  }
  return {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    serviceAccount: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
    ...spec,
  };
}

function qosClass(pod: KubeObject): string {
  const containers = podContainers(pod);
  const resources = containers.map((c) => c.resources ?? {});
  if (resources.every((r) => !Object.keys(r.requests ?? {}).length && !Object.keys(r.limits ?? {}).length)) return 'BestEffort';
  const guaranteed = resources.every((r) => {
    const limits = r.limits ?? {};
    const requests = r.requests ?? {};
    return (
      limits['cpu'] !== undefined &&
      limits['memory'] !== undefined &&
      Object.entries(requests).every(([k, v]) => String(limits[k]) === String(v))
    );
  });
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
