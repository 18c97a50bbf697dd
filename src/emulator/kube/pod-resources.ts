import { parseQuantity } from './parse-quantity.js';
import type { KubeObject } from './types.js';

export const GPU_RESOURCE = 'nvidia.com/gpu';

export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: Record<string, { name?: string; key?: string; optional?: boolean } | undefined>;
  }[];
  envFrom?: { secretRef?: { name?: string; optional?: boolean }; configMapRef?: { name?: string; optional?: boolean } }[];
  resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
}

export interface PodRequests {
  gpu: number;
  cpu: number;
  memory: number;
}

export function podContainers(pod: KubeObject): ContainerSpec[] {
  const spec = pod['spec'] as { containers?: ContainerSpec[] } | undefined;
  return spec?.containers ?? [];
}

/**
 * What the scheduler charges a pod. Extended resources like GPUs are set by limits (requests default
 * to them); cpu and memory are charged by requests, falling back to limits as the apiserver defaults.
 */
export function podRequests(pod: KubeObject): PodRequests {
  const total: PodRequests = { gpu: 0, cpu: 0, memory: 0 };
  for (const c of podContainers(pod)) {
    const limits = c.resources?.limits ?? {};
    const requests = c.resources?.requests ?? {};
    total.gpu += parseQuantity(limits[GPU_RESOURCE] ?? requests[GPU_RESOURCE] ?? 0);
    total.cpu += parseQuantity(requests['cpu'] ?? limits['cpu'] ?? 0);
    total.memory += parseQuantity(requests['memory'] ?? limits['memory'] ?? 0);
  }
  return total;
}

export function podPhase(pod: KubeObject): string {
  return (pod['status'] as { phase?: string } | undefined)?.phase ?? 'Pending';
}

export function podNodeName(pod: KubeObject): string | undefined {
  return (pod['spec'] as { nodeName?: string } | undefined)?.nodeName;
}
