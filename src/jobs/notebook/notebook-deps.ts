import type { CloudProvider } from '../../cloud/port.js';
import type { NotebookIndex } from '../../cluster-index/notebook-index.js';
import type { NotebookConfig } from '../../config/config.js';
import type { Logger } from '../../log.js';
import type { Reservations } from '../../reservations/reservations.js';
import type { SharedCache } from '../../shared-cache/shared-cache.js';
import type { SharedListing } from '../../shared-listing/shared-listing.js';
import type { ClusterConnections } from '../cluster-connections.js';
import type { Admins, Regions } from '../job-deps.js';

/** What the notebook jobs use: cluster lookups, connections to clusters, GPU holds and the notebook settings. */
export interface NotebookDeps {
  /** A cluster's network, for an NLB's zone maps (cached, once per cluster per poll interval). */
  readonly cloud: Pick<CloudProvider, 'describeCluster' | 'listVSwitches'>;
  readonly listing: Pick<SharedListing, 'get'>;
  readonly cache: SharedCache;
  readonly connections: ClusterConnections;
  /** Notebook name → cluster: a start, stop or delete looks at one cluster, not all of them. */
  readonly names: NotebookIndex;
  /** The GPUs of each cluster that notebooks hold (cluster-gpus). */
  readonly reservations: Reservations;
  readonly regions: Regions;
  readonly roles: Admins;
  readonly notebook: NotebookConfig;
  readonly pollIntervalMs: number;
  readonly now: () => number;
  readonly log: Logger;
}
