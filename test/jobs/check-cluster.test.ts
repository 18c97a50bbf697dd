import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClusterDetail, ClusterSummary } from '../../src/cloud/port.js';
import { checkCluster, type ClusterLookDeps } from '../../src/jobs/check-cluster.js';

/**
 * A running cluster's network comes from the region's listing when the listing has it; a listing
 * without it (an older answer, a field ACK dropped) costs one DescribeClusterDetail instead of a
 * node pool on no vSwitches.
 */
const NOW = 1_800_000_000_000;
const REF = { regionId: 'cn-hangzhou', clusterId: 'c-1' };
const RUNNING: ClusterSummary = { ...REF, name: 'net', state: 'running', clusterType: 'ManagedKubernetes', size: 0, tags: [] };
const DETAIL: ClusterDetail = { ...RUNNING, vpcId: 'vpc-d', vswitchIds: ['vsw-d'], securityGroupId: 'sg-d' };

function look(listed: ClusterSummary) {
  const asked: string[] = [];
  const deps: ClusterLookDeps = {
    cloud: {
      describeCluster: async () => {
        asked.push('DescribeClusterDetail');
        return DETAIL;
      },
      describeTask: async () => assert.fail('no task is asked about a running cluster'),
      clusterLogs: async () => [],
    },
    listing: {
      get: async (regionId) => ({ regionId, fetchedAt: NOW, clusters: [listed], byId: new Map([[listed.clusterId, listed]]) }),
    },
    pollIntervalMs: 1000,
    now: () => NOW,
  };
  return { asked, result: checkCluster(deps, { ...REF, name: 'net', createdAt: NOW - 60_000 }) };
}

test('the listing has the network: ready from it, ACK is not asked', async () => {
  const { asked, result } = look({ ...RUNNING, vpcId: 'vpc-l', vswitchIds: ['vsw-l1', 'vsw-l2'], securityGroupId: 'sg-l' });
  const { decision } = await result;
  assert.equal(decision.kind, 'ready');
  assert.deepEqual(decision.kind === 'ready' ? [decision.value.vpcId, decision.value.vswitchIds] : [], [
    'vpc-l',
    ['vsw-l1', 'vsw-l2'],
  ]);
  assert.deepEqual(asked, []);
});

test('the listing lacks the network: one DescribeClusterDetail', async () => {
  const { asked, result } = look(RUNNING);
  const { decision } = await result;
  assert.equal(decision.kind === 'ready' ? decision.value.vpcId : undefined, 'vpc-d');
  assert.deepEqual(asked, ['DescribeClusterDetail']);
});
