/** Shapes shared by the Kubernetes emulator's modules. Objects are plain JSON, as on the wire. */

export interface EmulatedNodeSpec {
  name: string;
  instanceType: string;
  gpuCount: number;
  /** The name nvidia-smi prints, e.g. `Tesla P100-PCIE-16GB` (a dashed label form is accepted too). */
  gpuModel: string;
  gpuMemoryGiB: number;
  cpu: number;
  memoryGiB: number;
  zoneId: string;
  /** The ACK node pool the node belongs to (label `alibabacloud.com/nodepool-id`). */
  nodepoolId?: string;
}

/** The network plugin of an emulated cluster, as ACK installs it: its configuration in kube-system says which. */
export interface EmulatedNetwork {
  readonly plugin: 'flannel' | 'terway';
  /** Terway only: its NetworkPolicy agent runs. */
  readonly networkPolicy?: boolean;
}

export interface EmulatorLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/**
 * What the cloud controller of a cluster knows about its network: load balancers are placed on
 * the VPC's vSwitches (an NLB needs vSwitches in two zones where the region has two or more).
 */
export interface CloudNetwork {
  regionId: string;
  /** How many zones the region has. */
  regionZones: number;
  /** Every vSwitch of the cluster's VPC, with its zone. */
  vswitches: { vswitchId: string; zoneId: string }[];
}

/** Failures a test arms for every cluster of the emulator. */
export interface KubeFaults {
  readonly images: RegExp[];
  loadBalancer: string | undefined;
}

export interface EmulatedClusterSpec {
  clusterId: string;
  nodes: EmulatedNodeSpec[];
  /** The network plugin (ACK's default here: Flannel, which does not enforce NetworkPolicy). */
  network?: EmulatedNetwork;
  /** The VPC the cloud controller places load balancers in. */
  vpc?: CloudNetwork;
}

/** What tests do to an emulated notebook's Jupyter, as its user would: use it, run code, open a terminal. */
export interface EmulatedJupyterControl {
  /** Someone used it just now (a request to its API, a notebook saved). */
  touch(): void;
  /** Its kernel runs code (busy) or finished (idle, active just now). */
  setKernelBusy(busy: boolean): void;
  openTerminal(): void;
  closeTerminals(): void;
}

export interface KubeEmulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  addCluster(spec: EmulatedClusterSpec): { kubeconfig: string };
  /** Nodes that joined later (a node pool scaled out). */
  addNodes(clusterId: string, nodes: EmulatedNodeSpec[]): void;
  /** Nodes of a node pool that scaled in: drained and gone. */
  removeNodes(clusterId: string, names: readonly string[]): void;
  removeCluster(clusterId: string): void;
  setNodeReady(clusterId: string, nodeName: string, ready: boolean): void;
  failImagePulls(pattern: RegExp): void;
  /**
   * Makes the cloud controller refuse every load balancer with this reason (e.g. the account's
   * NLB quota is used up): Services get a Warning event and no address. `undefined` heals it.
   */
  failLoadBalancers(reason: string | undefined): void;
  /**
   * Where, on loopback, the load balancer at `address:port` (a Service's ingress) can be reached:
   * connections there are forwarded to a ready pod of the Service, to what really listens in it.
   * Undefined when no Service of the cluster has that address and port.
   */
  loadBalancerEndpoint(clusterId: string, address: string, port: number): Promise<{ host: string; port: number }> | undefined;
  objects(clusterId: string): { kind: string; namespace?: string; name: string; body: unknown }[];
  /** The Jupyter running in a pod, to act as its user would (undefined: no Jupyter runs there). */
  jupyter(clusterId: string, namespace: string, podName: string): EmulatedJupyterControl | undefined;
  close(): Promise<void>;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
