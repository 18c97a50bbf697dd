/** The Kubernetes port: what gpubot does inside a cluster, given its kubeconfig. */
import type { KubeNotebooks } from './notebook/types.js';

export type {
  ExecResult,
  KubeNotebooks,
  NotebookActivity,
  NotebookCredentials,
  NotebookInfo,
  NotebookObservation,
  NotebookExposure,
  NotebookPod,
  NotebookResources,
  NotebookSpec,
  NotebookStorage,
  ZoneMapping,
} from './notebook/types.js';

/** The notebook container's name: what `KubeNotebooks.exec` targets to run something in a notebook. */
export { NOTEBOOK_CONTAINER } from './notebook/notebook-labels.js';

export interface NodeInfo {
  readonly name: string;
  readonly ready: boolean;
  /** `nvidia.com/gpu` allocatable on the node (0 when not exposed). */
  readonly allocatableGpus: number;
  readonly instanceType?: string;
  /** `topology.kubernetes.io/zone`: a notebook's disk attaches only to nodes of its zone. */
  readonly zone?: string;
  readonly gpuModel?: string;
  readonly isWorker: boolean;
}

/** Whether NetworkPolicy (a notebook's fence) is enforced: only by a plugin that implements it. */
export type NetworkPolicySupport =
  | { readonly plugin: 'terway' | 'flannel'; readonly enforced: boolean }
  | { readonly plugin: 'unknown'; readonly enforced?: undefined };

export interface KubeCluster {
  listNodes(): Promise<NodeInfo[]>;
  /** Pods in any namespace, not finished nor being deleted, that request or limit `nvidia.com/gpu`. */
  countGpuPods(): Promise<number>;
  networkPolicySupport(): Promise<NetworkPolicySupport>;
  /** Jupyter notebooks: Secret, Deployment, LoadBalancer Service, NetworkPolicy and a disk per notebook. */
  readonly notebooks: KubeNotebooks;
}

export interface KubeConnector {
  /** Builds a client for one cluster. The kubeconfig is a secret held only in memory. */
  connect(kubeconfig: string): KubeCluster;
}
