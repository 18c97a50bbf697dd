import type { CsHandler } from './cs-call.js';
import {
  handleDecommissioned,
  handleDescribeClusterDetail,
  handleDescribeClusterLogs,
  handleDescribeClustersForRegion,
  handleDescribeClusterUserKubeconfig,
  handleDescribeTaskInfo,
  handleDescribeUserQuota,
} from './handle-cluster-reads.js';
import { handleCreateCluster } from './handle-create-cluster.js';
import { handleDeleteCluster } from './handle-delete-cluster.js';
import { handleModifyClusterTags } from './handle-cluster-tags.js';
import { handleCreateNodePool, handleDescribeNodePoolDetail, handleDescribeNodePools } from './handle-node-pools.js';
import { handleDescribeClusterNodes, handleRemoveNodePoolNodes, handleScaleNodePool } from './handle-node-scaling.js';

interface Route {
  method: string;
  pattern: RegExp;
  action: string;
  handler: CsHandler;
}

const SEG = '([^/]+)';

/** The CS (2015-12-15) routes the emulator serves, named by their ACK action. */
const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/clusters$/, action: 'CreateCluster', handler: handleCreateCluster },
  { method: 'GET', pattern: /^\/clusters$/, action: 'DescribeClusters', handler: handleDecommissioned },
  { method: 'GET', pattern: /^\/api\/v1\/clusters$/, action: 'DescribeClustersV1', handler: handleDecommissioned },
  {
    method: 'GET',
    pattern: new RegExp(`^/clusters/${SEG}$`),
    action: 'DescribeClusterDetail',
    handler: handleDescribeClusterDetail,
  },
  { method: 'DELETE', pattern: new RegExp(`^/clusters/${SEG}$`), action: 'DeleteCluster', handler: handleDeleteCluster },
  {
    method: 'POST',
    pattern: new RegExp(`^/clusters/${SEG}/tags$`),
    action: 'ModifyClusterTags',
    handler: handleModifyClusterTags,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/clusters/${SEG}/logs$`),
    action: 'DescribeClusterLogs',
    handler: handleDescribeClusterLogs,
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/clusters/${SEG}/nodepools$`),
    action: 'CreateClusterNodePool',
    handler: handleCreateNodePool,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/clusters/${SEG}/nodepools$`),
    action: 'DescribeClusterNodePools',
    handler: handleDescribeNodePools,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/clusters/${SEG}/nodepools/${SEG}$`),
    action: 'DescribeClusterNodePoolDetail',
    handler: handleDescribeNodePoolDetail,
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/clusters/${SEG}/nodepools/${SEG}$`),
    action: 'ScaleClusterNodePool',
    handler: handleScaleNodePool,
  },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/clusters/${SEG}/nodepools/${SEG}/nodes$`),
    action: 'RemoveNodePoolNodes',
    handler: handleRemoveNodePoolNodes,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/clusters/${SEG}/nodes$`),
    action: 'DescribeClusterNodes',
    handler: handleDescribeClusterNodes,
  },
  { method: 'GET', pattern: new RegExp(`^/tasks/${SEG}$`), action: 'DescribeTaskInfo', handler: handleDescribeTaskInfo },
  {
    method: 'GET',
    pattern: new RegExp(`^/k8s/${SEG}/user_config$`),
    action: 'DescribeClusterUserKubeconfig',
    handler: handleDescribeClusterUserKubeconfig,
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/regions/${SEG}/clusters$`),
    action: 'DescribeClustersForRegion',
    handler: handleDescribeClustersForRegion,
  },
  { method: 'GET', pattern: /^\/quota$/, action: 'DescribeUserQuota', handler: handleDescribeUserQuota },
];

export function matchCsRoute(method: string, path: string): { action: string; handler: CsHandler; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m !== null) return { action: route.action, handler: route.handler, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}
