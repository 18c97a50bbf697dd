import type { CloudProvider } from '../../cloud/port.js';
import type { NotebookConfig } from '../../config/config.js';
import type { Logger } from '../../log.js';
import type { ClusterConnections } from '../cluster-connections.js';
import type { Admins, Regions } from '../job-deps.js';

/** What the notebook jobs use: cluster lookups, connections to clusters, and the notebook settings. */
export interface NotebookDeps {
  readonly cloud: Pick<CloudProvider, 'listClusters' | 'describeCluster' | 'listVSwitches'>;
  readonly connections: ClusterConnections;
  readonly regions: Regions;
  readonly roles: Admins;
  readonly notebook: NotebookConfig;
  readonly now: () => number;
  readonly log: Logger;
}
