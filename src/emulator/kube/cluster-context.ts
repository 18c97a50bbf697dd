import type { EmulatorClock, TimerGroup } from './clock.js';
import type { ContainerProcesses } from './container-processes.js';
import type { ObjectStore } from './object-store.js';
import type { CloudNetwork, EmulatedNodeSpec, EmulatorLogger } from './types.js';

/** What the controllers of one emulated cluster share. */
export interface ClusterContext {
  readonly clusterId: string;
  readonly store: ObjectStore;
  readonly clock: EmulatorClock;
  readonly timers: TimerGroup;
  readonly nodeSpecs: ReadonlyMap<string, EmulatedNodeSpec>;
  /** The emulated programs that really listen (Jupyter), per pod. */
  readonly processes: ContainerProcesses;
  /** True when `failImagePulls` was told this image cannot be pulled. */
  imagePullFails(image: string): boolean;
  /** Why the cloud refuses load balancers right now (`failLoadBalancers`), if it does. */
  loadBalancerFault(): string | undefined;
  readonly logger: EmulatorLogger | undefined;
  /** The cluster's VPC as the cloud reported it; absent for clusters added without one. */
  readonly vpc: CloudNetwork | undefined;
}
