import type { KubeObject } from './types.js';

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  allowPrivilegeEscalation?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type?: string };
}
interface Container {
  name: string;
  securityContext?: SecurityContext;
}

const SECCOMP_OK = new Set(['RuntimeDefault', 'Localhost']);
/** Volume types the restricted profile allows. */
const VOLUMES_OK = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
  'name',
]);

const quote = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const containerWord = (names: string[]) => (names.length === 1 ? 'container' : 'containers');

/**
 * The checks of the Pod Security "restricted" profile that matter here, with the admission
 * controller's wording: what a namespace labelled `pod-security.kubernetes.io/enforce: restricted`
 * refuses. Returns the violations, empty when the pod complies.
 */
export function restrictedViolations(pod: KubeObject): string[] {
  const spec = (pod['spec'] ?? {}) as {
    securityContext?: SecurityContext;
    containers?: Container[];
    initContainers?: Container[];
    volumes?: Record<string, unknown>[];
    hostNetwork?: boolean;
    hostPID?: boolean;
    hostIPC?: boolean;
  };
  const podContext = spec.securityContext ?? {};
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const out: string[] = [];
  const failing = (test: (c: Container) => boolean) => containers.filter(test).map((c) => c.name);

  if (spec.hostNetwork || spec.hostPID || spec.hostIPC)
    out.push('host namespaces (hostNetwork=true, hostPID=true or hostIPC=true)');
  const privileged = failing((c) => c.securityContext?.privileged === true);
  if (privileged.length)
    out.push(`privileged (${containerWord(privileged)} ${quote(privileged)} must not set securityContext.privileged=true)`);
  const escalation = failing((c) => c.securityContext?.allowPrivilegeEscalation !== false);
  if (escalation.length) {
    out.push(
      `allowPrivilegeEscalation != false (${containerWord(escalation)} ${quote(escalation)} must set securityContext.allowPrivilegeEscalation=false)`,
    );
  }
  const capabilities = failing(
    (c) =>
      !(c.securityContext?.capabilities?.drop ?? []).includes('ALL') ||
      (c.securityContext?.capabilities?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE'),
  );
  if (capabilities.length) {
    out.push(
      `unrestricted capabilities (${containerWord(capabilities)} ${quote(capabilities)} must set securityContext.capabilities.drop=["ALL"])`,
    );
  }
  const badVolumes = (spec.volumes ?? []).filter((v) => Object.keys(v).some((key) => !VOLUMES_OK.has(key)));
  if (badVolumes.length)
    out.push(`restricted volume types (volumes ${quote(badVolumes.map((v) => String(v['name'])))} use a forbidden type)`);
  const root = failing((c) => (c.securityContext?.runAsNonRoot ?? podContext.runAsNonRoot) !== true);
  if (root.length)
    out.push(`runAsNonRoot != true (pod or ${containerWord(root)} ${quote(root)} must set securityContext.runAsNonRoot=true)`);
  const uidZero = podContext.runAsUser === 0 || containers.some((c) => c.securityContext?.runAsUser === 0);
  if (uidZero) out.push('runAsUser=0 (pod and containers must not set runAsUser=0)');
  const seccomp = failing(
    (c) => !SECCOMP_OK.has(c.securityContext?.seccompProfile?.type ?? podContext.seccompProfile?.type ?? ''),
  );
  if (seccomp.length) {
    out.push(
      `seccompProfile (pod or ${containerWord(seccomp)} ${quote(seccomp)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
    );
  }
  return out;
}
