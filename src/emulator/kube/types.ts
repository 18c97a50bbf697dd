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

export interface KubeEmulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `network`: the cluster's network plugin (ACK's default here: Flannel, which does not enforce NetworkPolicy). */
  addCluster(spec: { clusterId: string; nodes: EmulatedNodeSpec[]; network?: EmulatedNetwork }): { kubeconfig: string };
  removeCluster(clusterId: string): void;
  setNodeReady(clusterId: string, nodeName: string, ready: boolean): void;
  failImagePulls(pattern: RegExp): void;
  /**
   * Where, on loopback, the load balancer at `address:port` (a Service's ingress) can be reached:
   * connections there are forwarded to a ready pod of the Service, to what really listens in it.
   * Undefined when no Service of the cluster has that address and port.
   */
  loadBalancerEndpoint(clusterId: string, address: string, port: number): Promise<{ host: string; port: number }> | undefined;
  objects(clusterId: string): { kind: string; namespace?: string; name: string; body: unknown }[];
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
