/** The notebook vocabulary of the Kubernetes port: what gpubot asks for and what it reads back. */

/** One vSwitch of an NLB: the zone it is in and its id. */
export interface ZoneMapping {
  readonly zoneId: string;
  readonly vswitchId: string;
}

/**
 * How a notebook is exposed: an NLB (on the cluster's vSwitches, one per zone, in two or more
 * zones) or a CLB billed by LCU. Pay-by-specification CLBs are no longer sold.
 */
export type NotebookExposure = {
  readonly addressType: 'internet' | 'intranet';
  /** `loadBalancerSourceRanges`; empty leaves the address open to anyone who can route to it. */
  readonly sourceRanges: readonly string[];
} & ({ readonly loadBalancer: 'nlb'; readonly zoneMaps: readonly ZoneMapping[] } | { readonly loadBalancer: 'clb' });

/** CPU and memory of the notebook container, as Kubernetes quantities (`1700m`, `12Gi`). */
export interface NotebookResources {
  readonly cpuRequest: string;
  readonly cpuLimit: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

/** The notebook's own disk: a PersistentVolumeClaim mounted as Jupyter's working directory (and home). */
export interface NotebookStorage {
  /** e.g. `20Gi` */
  readonly size: string;
  readonly storageClass: string;
}

/** What only the notebook's Secret holds: the password and, for HTTPS, the key and certificate Jupyter serves. */
export interface NotebookCredentials {
  readonly password: string;
  readonly tls?: { readonly certificatePem: string; readonly privateKeyPem: string };
}

/** One notebook to apply. Holds no secret: the credentials travel separately, in memory only. */
export interface NotebookSpec {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly gpus: number;
  /** `<platform>:<userId>`, kept exactly in an annotation and encoded into a label. */
  readonly owner: string;
  /** The request that created it: a rerun of the same request may update, any other may not. */
  readonly requestId: string;
  readonly exposure: NotebookExposure;
  readonly resources: NotebookResources;
  readonly storage: NotebookStorage;
  /** Jupyter serves HTTPS with the certificate of the notebook's Secret. */
  readonly tls: boolean;
  /**
   * TLS ends at the load balancer instead, with this Alibaba Cloud certificate (Certificate
   * Management Service id); Jupyter serves plain HTTP behind it. Never together with `tls`.
   */
  readonly loadBalancerTls?: { readonly certificateId: string; readonly regionId: string };
}

/** What the cluster says about one notebook (any of its Deployment, Service, Secret). */
export interface NotebookInfo {
  readonly name: string;
  readonly namespace: string;
  readonly owner?: string;
  readonly requestId?: string;
  readonly image?: string;
  readonly gpus: number;
  readonly createdAt?: string;
  /** The load balancer's address: `ingress[0].hostname` (an NLB's DNS name) or `ingress[0].ip` (a CLB). */
  readonly address?: string;
  readonly ready: boolean;
  /** The pod's waiting reason (ImagePullBackOff...) or phase, when there is a pod. */
  readonly podState?: string;
  /** The Service's port (443, or 80 for plain HTTP) and whether Jupyter serves TLS. */
  readonly port?: number;
  readonly tls?: boolean;
  /** Stopped: its disk is kept, nothing else runs. */
  readonly stopped: boolean;
  /** The size of its disk (`20Gi`), when it has one. */
  readonly storage?: string;
}

export interface NotebookPod {
  readonly name: string;
  readonly phase: string;
  readonly nodeName?: string;
  /** The scheduler's Unschedulable message, e.g. `0/2 nodes are available: 2 Insufficient nvidia.com/gpu.` */
  readonly unschedulable?: string;
  /** The notebook container's waiting state (ContainerCreating, ErrImagePull, ImagePullBackOff...). */
  readonly waiting?: { readonly reason: string; readonly message?: string };
  readonly ready: boolean;
  /** The kubelet reported `Pulling` for the image. */
  readonly pulling: boolean;
  /** The kubelet reported `Pulled` (including "already present on machine"). */
  readonly pulled: boolean;
  /** The kubelet's latest `Failed to pull image ...` event: the cause behind an ImagePullBackOff. */
  readonly pullError?: string;
}

/** One poll of a starting notebook. */
export interface NotebookObservation {
  readonly pod?: NotebookPod;
  readonly address?: string;
  /** The Service port the address serves the notebook on. */
  readonly port?: number;
  /**
   * The Service's Warning events, newest last, as `Reason: message` (e.g. the cloud controller's
   * `SyncLoadBalancerFailed: ...`): why a load balancer has no address yet.
   */
  readonly serviceWarnings?: readonly string[];
}

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  /** 0 on success; the exit code the status channel reported otherwise (-1 when unknown). */
  readonly exitCode: number;
}

/**
 * What a notebook's Jupyter says it has been doing. `idleForMs` is measured on the container's own
 * clock (since the latest `last_activity` of the server, its kernels and terminals); busy kernels
 * and open terminals are activity now.
 */
export type NotebookActivity =
  | { readonly kind: 'seen'; readonly idleForMs: number; readonly busyKernels: number; readonly terminals: number }
  /** No ready pod: the notebook is stopped, starting or failing. */
  | { readonly kind: 'not-running' }
  /** Jupyter could not be asked (no Python, login refused, an old API): nothing can be said. */
  | { readonly kind: 'unreadable'; readonly reason: string };

/** The notebook operations inside one cluster. */
export interface KubeNotebooks {
  ensureNamespace(namespace: string): Promise<void>;
  /** The notebook's metadata from whichever of its objects exist, or undefined when none does. */
  find(namespace: string, name: string): Promise<NotebookInfo | undefined>;
  /** Every gpubot notebook in the namespace (an absent namespace has none). */
  list(namespace: string): Promise<NotebookInfo[]>;
  /** The credentials in the notebook's Secret and the request that wrote them. */
  readCredentials(namespace: string, name: string): Promise<(NotebookCredentials & { requestId?: string }) | undefined>;
  /**
   * Creates the Secret, Deployment, Service and NetworkPolicy (or replaces those this same request
   * created) and the disk's claim when it has none yet (a stopped notebook's disk is reattached).
   */
  apply(spec: NotebookSpec, credentials: NotebookCredentials): Promise<void>;
  /** A fresh look at a starting notebook: reads the API server now. */
  observe(namespace: string, name: string): Promise<NotebookObservation>;
  /**
   * The same look, derived from one namespace-wide read (its notebook pods and Services and its
   * Events) that this client shares among concurrent looks and reuses while at most `maxAgeMs` old:
   * many waiting starts on one cluster cost the API server one read, not one each.
   */
  observeShared(namespace: string, name: string, maxAgeMs: number): Promise<NotebookObservation>;
  /** Stops: deletes the Deployment (and its pods), Service, NetworkPolicy and Secret; keeps the disk. */
  remove(namespace: string, name: string): Promise<void>;
  /** Deletes the disk's claim (its volume and disk go with it); absent is fine. */
  removeStorage(namespace: string, name: string): Promise<void>;
  /** Whether the disk's claim still exists. */
  hasStorage(namespace: string, name: string): Promise<boolean>;
  countPods(namespace: string, name: string): Promise<number>;
  exec(namespace: string, pod: string, container: string, command: readonly string[], timeoutMs: number): Promise<ExecResult>;
  /** Asks the notebook's Jupyter, from inside its container (exec), how long it has been idle. */
  activity(namespace: string, name: string, timeoutMs: number): Promise<NotebookActivity>;
}
