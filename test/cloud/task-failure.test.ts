import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { classifyCloudError } from '../../src/cloud/alibaba/map-cloud-error.js';
import type { TaskInfo } from '../../src/cloud/port.js';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { emulatedCloud } from '../support/emulated-cloud.js';
import { pollUntilAsync } from '../support/poll-until.js';

/** A failed task's error reaches the core already classified in the port's words, so jobs need no adapter. */
let emulator: Emulator;
before(async () => {
  emulator = await startEmulator({ timeScale: 5000 });
});
after(async () => {
  await emulator.close();
});

test('a task that fails for lack of stock reports failure "stock" through the real adapter', async () => {
  const cloud = emulatedCloud(emulator);
  emulator.cloud.faults.inject({ api: 'CreateCluster', fault: 'stock-out', times: 1 });
  const created = await cloud.createCluster({
    name: 'task-failure',
    regionId: 'cn-hangzhou',
    clusterSpec: 'ack.pro.small',
    network: { kind: 'new', zoneIds: ['cn-hangzhou-h'] },
    tags: [],
  });
  assert.ok(created.taskId);
  let task: TaskInfo | undefined;
  await pollUntilAsync(
    async () => (task = await cloud.describeTask('cn-hangzhou', created.taskId as string)).state === 'failed',
    () => `the task did not fail: ${JSON.stringify(task)}`,
  );
  assert.match(task?.error?.code ?? '', /NoStock/);
  assert.equal(task?.error?.failure, 'stock');
});

test('task error codes are classified by the same rules as failed calls', () => {
  assert.equal(classifyCloudError('QuotaExceeded.Cluster', 'too many clusters'), 'quota');
  assert.equal(classifyCloudError('InvalidAccount.NotEnoughBalance', 'top up'), 'balance');
  assert.equal(classifyCloudError('ErrorRamPolicyConfig', 'no role'), 'forbidden');
  assert.equal(classifyCloudError('InternalError.Nodes', 'the nodes failed to join'), 'rejected');
});
