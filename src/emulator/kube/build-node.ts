import { gpuLabelName } from './gpu-models.js';
import { uuidFrom } from './random-names.js';
import type { EmulatedNodeSpec, KubeObject } from './types.js';

const KUBELET_VERSION = 'v1.32.1-aliyun.1';
export const MAX_PODS_PER_NODE = 64;

/** A Node object as an ACK GPU worker reports it (labels from ACK's GPU device plugin included). */
export function buildNode(clusterId: string, spec: EmulatedNodeSpec, index: number, createdAt: string): KubeObject {
  const region = spec.zoneId.replace(/-[a-z]$/, '');
  const internalIp = `192.168.${Math.floor(index / 250)}.${(index % 250) + 2}`;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/os': 'linux',
    'kubernetes.io/hostname': spec.name,
    'node.kubernetes.io/instance-type': spec.instanceType,
    'beta.kubernetes.io/instance-type': spec.instanceType,
    'topology.kubernetes.io/region': region,
    'topology.kubernetes.io/zone': spec.zoneId,
    'failure-domain.beta.kubernetes.io/region': region,
    'failure-domain.beta.kubernetes.io/zone': spec.zoneId,
    'alibabacloud.com/nodepool-id': spec.nodepoolId ?? `np-${clusterId.slice(0, 16)}`,
  };
  const resources: Record<string, string> = {
    cpu: String(spec.cpu),
    memory: `${spec.memoryGiB * 1024 * 1024}Ki`,
    pods: String(MAX_PODS_PER_NODE),
    'ephemeral-storage': '123722704Ki',
  };
  if (spec.gpuCount > 0) {
    labels['aliyun.accelerator/nvidia_name'] = gpuLabelName(spec.gpuModel);
    labels['aliyun.accelerator/nvidia_count'] = String(spec.gpuCount);
    labels['aliyun.accelerator/nvidia_mem'] = `${spec.gpuMemoryGiB * 1024}MiB`;
    resources['nvidia.com/gpu'] = String(spec.gpuCount);
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: spec.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' }, creationTimestamp: createdAt },
    spec: {
      podCIDR: `172.20.${index}.0/24`,
      podCIDRs: [`172.20.${index}.0/24`],
      providerID: `${region}.i-${uuidFrom(spec.name).slice(0, 20).replace(/-/g, '')}`,
    },
    status: {
      capacity: { ...resources },
      allocatable: { ...resources },
      conditions: nodeConditions(true, createdAt),
      addresses: [
        { type: 'InternalIP', address: internalIp },
        { type: 'Hostname', address: spec.name },
      ],
      nodeInfo: {
        machineID: uuidFrom(`machine/${clusterId}/${spec.name}`).replace(/-/g, ''),
        systemUUID: uuidFrom(`system/${clusterId}/${spec.name}`),
        bootID: uuidFrom(`boot/${clusterId}/${spec.name}`),
        kernelVersion: '5.10.134-16.1.al8.x86_64',
        osImage: 'Alibaba Cloud Linux 3.2104 U10 (OpenAnolis Edition)',
        containerRuntimeVersion: 'containerd://1.6.28',
        kubeletVersion: KUBELET_VERSION,
        kubeProxyVersion: KUBELET_VERSION,
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function nodeConditions(ready: boolean, at: string): Record<string, string>[] {
  const ok = (type: string, reason: string, message: string): Record<string, string> => ({
    type,
    status: 'False',
    lastHeartbeatTime: at,
    lastTransitionTime: at,
    reason,
    message,
  });
  return [
    ok('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    ok('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    ok('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    ready
      ? {
          type: 'Ready',
          status: 'True',
          lastHeartbeatTime: at,
          lastTransitionTime: at,
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
        }
      : {
          type: 'Ready',
          status: 'False',
          lastHeartbeatTime: at,
          lastTransitionTime: at,
          reason: 'KubeletNotReady',
          message: 'container runtime network not ready: NetworkReady=false',
        },
  ];
}
