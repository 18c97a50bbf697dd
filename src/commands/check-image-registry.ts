/**
 * Which registries a notebook image may come from. Patterns are hosts (with an optional `:port`)
 * where `*` stands for one DNS label or part of one (`registry.*.aliyuncs.com` matches
 * `registry.cn-hangzhou.aliyuncs.com`). An image without a registry host is Docker Hub's
 * (`docker.io`). IP addresses, localhost and link-local names are refused whatever the list says:
 * pulled from there, a pod's image could come from the node itself or its metadata endpoint.
 */
export const DEFAULT_REGISTRIES: readonly string[] = ['docker.io', 'registry.*.aliyuncs.com', 'registry-vpc.*.aliyuncs.com'];

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

export type RegistryProblem = 'address' | 'unlisted';

/** The registry host of an image reference (`docker.io` when it names none), as Docker reads it. */
export function registryOf(reference: string): string {
  const first = reference.split('/')[0] ?? '';
  const hasHost = reference.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasHost) return 'docker.io';
  return DOCKER_HUB_ALIASES.has(first.toLowerCase()) ? 'docker.io' : first.toLowerCase();
}

/** An IP literal, localhost or a link-local / loopback-only name: never a registry for notebooks. */
export function isAddressHost(hostWithPort: string): boolean {
  const host = hostWithPort.replace(/:\d+$/, '').toLowerCase();
  if (/^\d+(\.\d+){3}$/.test(host) || host.startsWith('[') || /^\d+$/.test(host)) return true;
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host === 'localhost.localdomain';
}

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[a-z0-9-]+');
  return new RegExp(`^${escaped}$`);
}

/** Why `reference` may not be used, or undefined when its registry is allowed. */
export function checkImageRegistry(reference: string, allowed: readonly string[]): RegistryProblem | undefined {
  const registry = registryOf(reference);
  if (isAddressHost(registry)) return 'address';
  return allowed.some((pattern) => patternToRegExp(pattern).test(registry)) ? undefined : 'unlisted';
}

/** A configured pattern that could never be safe (an address) or never match (bad characters). */
export function checkRegistryPattern(pattern: string): string | undefined {
  if (isAddressHost(pattern.replace(/\*/g, 'x'))) return `${pattern} is an IP address, localhost or a link-local name`;
  if (!/^[a-z0-9*]([a-z0-9*.-]*[a-z0-9*])?(:\d+)?$/i.test(pattern)) return `${pattern} is not a registry host pattern`;
  return undefined;
}
