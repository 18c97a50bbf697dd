/** The Kubernetes port: what gpubot does inside a cluster, given its kubeconfig. */
import type { KubeNotebooks } from './notebook/types.js';

export type {
  ExecResult,
  KubeNotebooks,
  NotebookInfo,
  NotebookObservation,
  NotebookExposure,
  NotebookPod,
  NotebookSpec,
  ZoneMapping,
} from './notebook/types.js';

export interface NodeInfo {
  readonly name: string;
  readonly ready: boolean;
  /** `nvidia.com/gpu` allocatable on the node (0 when not exposed). */
  readonly allocatableGpus: number;
  readonly instanceType?: string;
  readonly gpuModel?: string;
  /** `topology.kubernetes.io/zone`. */
  readonly zone?: string;
  readonly isWorker: boolean;
}

export interface KubeCluster {
  listNodes(): Promise<NodeInfo[]>;
  /** Jupyter notebooks: Secret + Deployment + LoadBalancer Service per notebook. */
  readonly notebooks: KubeNotebooks;
}

export interface KubeConnector {
  /** Builds a client for one cluster. The kubeconfig is a secret held only in memory. */
  connect(kubeconfig: string): KubeCluster;
}
