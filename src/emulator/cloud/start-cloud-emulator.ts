import { randomBytes } from 'node:crypto';
import { createCsServer } from './cs-server.js';
import { createRpcServer, ECS_SERVICE, VPC_SERVICE } from './rpc-server.js';
import { closeServer, listen } from './http-util.js';
import { NetworkBook } from './networks.js';
import { DEFAULT_REGIONS, RegionBook } from './regions.js';
import { EmulatorState } from './state.js';
import { StockBook } from './stock.js';
import type { ClusterSnapshot, CloudEmulator, CloudEmulatorOptions, EmulatedQuota, EmulatorCredentials } from './types.js';

const DEFAULT_QUOTA: EmulatedQuota = {
  clusters: 50,
  managedClusters: 20,
  serverlessClusters: 20,
  nodesPerCluster: 100,
  nodePoolsPerCluster: 20,
  ecsVcpuPerRegion: 500,
};

/** Starts the CS (ROA) and ECS (RPC) endpoints on random loopback ports. */
export async function startCloudEmulator(opts: CloudEmulatorOptions): Promise<CloudEmulator> {
  const timeScale = opts.timeScale ?? 60;
  if (!(timeScale > 0)) throw new Error('timeScale must be a positive number');
  const regions = new RegionBook(opts.regions ?? DEFAULT_REGIONS);
  const state = new EmulatorState({
    kube: opts.kube,
    timeScale,
    credentials: opts.credentials ?? randomCredentials(),
    quota: { ...DEFAULT_QUOTA, ...opts.quota },
    regions,
    stock: new StockBook(regions),
    networks: new NetworkBook(regions),
    ...(opts.logger === undefined ? {} : { logger: opts.logger }),
    ...(opts.deletedVisibleSeconds === undefined ? {} : { deletedVisibleSeconds: opts.deletedVisibleSeconds }),
  });
  const servers = [createCsServer(state), createRpcServer(state, ECS_SERVICE), createRpcServer(state, VPC_SERVICE)];
  const listening: string[] = [];
  try {
    for (const server of servers) listening.push(await listen(server));
  } catch (error) {
    await Promise.all(servers.slice(0, listening.length).map(closeServer));
    throw error;
  }
  const [csEndpoint = '', ecsEndpoint = '', vpcEndpoint = ''] = listening;
  opts.logger?.info({ csEndpoint, ecsEndpoint, vpcEndpoint, timeScale }, 'Alibaba Cloud emulator listening');

  return {
    csEndpoint,
    ecsEndpoint,
    vpcEndpoint,
    endpointTemplates: {
      cs: `${csEndpoint}/{region}`,
      ecs: `${ecsEndpoint}/{region}`,
      vpc: `${vpcEndpoint}/{region}`,
    },
    credentials: { ...state.credentials },
    acceptTemporaryCredentials: (credentials) => void state.temporaryCredentials.set(credentials.accessKeyId, { ...credentials }),
    faults: state.faults,
    setStock: (regionId, zoneId, instanceType, category) => state.stock.set(regionId, zoneId, instanceType, category),
    setQuota: (partial) => {
      state.quota = { ...state.quota, ...partial };
    },
    clusters: () =>
      state
        .liveClusters()
        .sort((a, b) => a.seq - b.seq)
        .map((c) => snapshot(c, (id) => state.networks.find(id)?.zoneId ?? '')),
    networks: () => state.networks.defaultNetworks(),
    addVSwitch: (vpcId, zoneId) => state.networks.addVSwitch(vpcId, zoneId),
    calls: () => state.callCounts(),
    journal: () => state.journal.map((entry) => ({ ...entry })),
    close: async () => {
      state.closed = true;
      state.cancelAll();
      await Promise.all(servers.map(closeServer));
    },
  };
}

function snapshot(c: import('./state.js').ClusterRecord, zoneOf: (vswitchId: string) => string): ClusterSnapshot {
  return {
    clusterId: c.clusterId,
    name: c.name,
    regionId: c.regionId,
    zoneId: c.zoneId,
    clusterType: c.clusterType,
    state: c.state,
    vpcId: c.vpcId,
    vswitchIds: [...c.vswitchIds],
    zoneIds: c.vswitchIds.map(zoneOf),
    tags: c.tags.map((t) => ({ ...t })),
    networkPlugin: { ...c.networkPlugin },
    snatEntry: c.snatEntry,
    endpointPublicAccess: c.endpointPublicAccess,
    deletionProtection: c.deletionProtection,
    clusterSpec: c.clusterSpec,
    nodepools: c.nodepools.map((p) => ({
      nodepoolId: p.nodepoolId,
      name: p.name,
      state: p.state,
      instanceTypes: [...p.instanceTypes],
      vswitchIds: [...p.vswitchIds],
      zoneIds: p.vswitchIds.map(zoneOf),
      multiAzPolicy: p.multiAzPolicy,
      desiredSize: p.desiredSize,
      systemDiskCategory: p.systemDiskCategory,
      systemDiskSize: p.systemDiskSize,
      runtime: p.runtime,
      createdAt: p.created,
      ...(p.activeAt === undefined ? {} : { activeAt: p.activeAt }),
    })),
    nodes: c.nodes.map((n) => ({ ...n })),
    taskIds: [...c.taskIds],
    hasKubeconfig: c.kubeconfig !== undefined,
    createdAt: c.created,
    ...(c.runningAt === undefined ? {} : { runningAt: c.runningAt }),
  };
}

function randomCredentials(): EmulatorCredentials {
  const alnum = (n: number): string =>
    randomBytes(n * 2)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .slice(0, n);
  return { accessKeyId: `LTAI${alnum(20)}`, accessKeySecret: alnum(30) };
}
