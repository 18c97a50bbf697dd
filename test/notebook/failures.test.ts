import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { clusterIdOf, enqueueAs, kindsOf, notebookObjects, requester, startForeignGpuPod } from './helpers.js';

let harness: ConsoleHarness;
let clusterId: string;
before(async () => {
  // 1.8 s: enough for a start against the fast emulator, short enough to watch a timeout.
  harness = await startConsoleHarness({ GPUBOT_NOTEBOOK_TIMEOUT_MINUTES: '0.03' });
  harness.send('/gpu-cluster create 2 gn5 name=demo');
  await harness.waitFor(/\[private to alice\] ✅ Your cluster demo is ready/);
  clusterId = clusterIdOf(harness, 'demo');
});
after(async () => {
  await harness.stop();
});

test('more GPUs than any node offers is refused before anything is created', async () => {
  harness.send('/notebook start gpus=2 name=big');
  await harness.waitFor(
    /\[private to alice\] {3}2 GPUs cannot fit: a notebook runs on one node, and the largest node of demo offers 1\./,
  );
  assert.deepEqual(notebookObjects(harness, clusterId, 'big'), []);
});

test('GPUs the notebooks hold are refused to the next start in plain words, and free again once one stops', async () => {
  harness.send('/notebook start name=a');
  harness.send('/notebook start name=b');
  await harness.waitFor(/alice's notebook a is running/);
  await harness.waitFor(/alice's notebook b is running/);
  harness.send('/notebook start name=c');
  await harness.waitFor(
    /\[private to alice\] {3}Cluster demo has 2 GPUs and notebooks already use 2, so 1 more do not fit\. Ask for fewer \(gpus=<n>\), stop a notebook, or use another cluster \(cluster=<name>\)\./,
  );
  assert.deepEqual(notebookObjects(harness, clusterId, 'c'), [], 'refused before anything was created');
  harness.send('/notebook stop b');
  await harness.waitFor(/Notebook b on demo was stopped/);
});

test('a pod left Pending because something outside gpubot holds the GPU times out with the scheduler reason and is cleaned up', async () => {
  // One GPU is free as far as gpubot's notebooks go; another tool's pod takes it.
  const foreign = await startForeignGpuPod(harness, clusterId);
  try {
    harness.send('/notebook start name=c');
    await harness.waitFor(
      /Notebook c · ▶ Schedule the pod on a GPU node — Pending: 0\/2 nodes are available: 2 Insufficient nvidia\.com\/gpu\./,
    );
    await harness.waitFor(
      /\[private to alice\] {3}Notebook c was not ready after 2 seconds: the pod stayed Pending: 0\/2 nodes are available: 2 Insufficient nvidia\.com\/gpu\. .*gpubot removed what it had created\./,
    );
  } finally {
    await foreign.remove();
  }
  assert.deepEqual(notebookObjects(harness, clusterId, 'c'), []);
  assert.deepEqual(kindsOf(notebookObjects(harness, clusterId, 'a')), [
    'Deployment',
    'NetworkPolicy',
    'PersistentVolumeClaim',
    'Pod',
    'ReplicaSet',
    'Secret',
    'Service',
  ]);
});

test('an image that cannot be pulled times out with the kubelet reason and is cleaned up', async () => {
  harness.bot.emulator?.kube.failImagePulls(/example\/missing/);
  harness.send('/notebook start name=nopull image=example/missing:1.0');
  await harness.waitFor(
    /\[private to alice\] {3}Notebook nopull was not ready after 2 seconds: the image example\/missing:1\.0 could not be pulled \((ImagePullBackOff|ErrImagePull): .*pull access denied.*gpubot removed what it had created/,
  );
  assert.deepEqual(notebookObjects(harness, clusterId, 'nopull'), []);
});

test('a name in use is refused', async () => {
  harness.send('/notebook start name=a');
  await harness.waitFor(
    /\[private to alice\] {3}A notebook named a already exists on demo \(yours\)\. Choose another name with name=<n>\./,
  );
});

test("someone else's cluster and notebook are refused; with no cluster of your own you learn how to make one", async () => {
  const bob = requester('bob');
  await enqueueAs(harness, bob, { kind: 'notebook.start', gpus: 1, cluster: 'demo' }, 'bob-start-1');
  await harness.waitFor(
    /\[private to bob\] {3}Cluster demo belongs to alice; you can start notebooks only on your own clusters\./,
  );
  await enqueueAs(harness, bob, { kind: 'notebook.start', gpus: 1 }, 'bob-start-2');
  await harness.waitFor(
    /\[private to bob\] {3}You have no running gpubot cluster\. Create one with `\/gpu-cluster create 2 gn5`/,
  );
  await enqueueAs(harness, bob, { kind: 'notebook.password', name: 'a' }, 'bob-password');
  await harness.waitFor(/\[private to bob\] {3}Notebook a belongs to alice; only its owner or a gpubot admin can do that\./);
  await enqueueAs(harness, bob, { kind: 'notebook.stop', name: 'a' }, 'bob-stop');
  await harness.waitFor(/\[private to bob\] {3}Notebook a belongs to alice/);
  assert.doesNotMatch(harness.output(), /\[private to bob\].*Password:/);
  assert.equal(notebookObjects(harness, clusterId, 'a').filter((o) => o.kind === 'Deployment').length, 1);
  await enqueueAs(harness, bob, { kind: 'notebook.list' }, 'bob-list');
  await harness.waitFor(/\[private to bob\] {3}You have no notebooks/);
});

test('running the same start request again creates nothing twice and keeps the password', async () => {
  const alice = requester('alice');
  const command = { kind: 'notebook.start', gpus: 1, name: 'twice' } as const;
  harness.send('/notebook stop a');
  await harness.waitFor(/Notebook a on demo was stopped/);
  await enqueueAs(harness, alice, command, 'rerun-request', 'rerun-1');
  await harness.waitFor(/alice's notebook twice is running/);
  const secretOf = () =>
    JSON.stringify(harness.bot.emulator?.kube.objects(clusterId).find((o) => o.kind === 'Secret' && o.name === 'twice')?.body);
  const { password, 'tls.crt': certificate } = JSON.parse(secretOf()).data as Record<string, string>;
  assert.ok(certificate, 'the Secret holds the certificate Jupyter serves');
  const uids = () =>
    notebookObjects(harness, clusterId, 'twice')
      .filter((o) => o.kind !== 'Pod' && o.kind !== 'ReplicaSet')
      .map((o) => `${o.kind}/${(o.body as { metadata: { uid: string } }).metadata.uid}`)
      .sort();
  const before = uids();
  // The same request id, as after a crash: the job runs again from the start.
  await enqueueAs(harness, alice, command, 'rerun-request', 'rerun-2');
  await harness.bot.waitUntilIdle(50);
  assert.deepEqual(uids(), before);
  assert.equal(JSON.parse(secretOf()).data.password, password);
  assert.equal(JSON.parse(secretOf()).data['tls.crt'], certificate, 'the same certificate, so the fingerprint sent still holds');
  assert.deepEqual(kindsOf(notebookObjects(harness, clusterId, 'twice')), [
    'Deployment',
    'NetworkPolicy',
    'PersistentVolumeClaim',
    'Pod',
    'ReplicaSet',
    'Secret',
    'Service',
  ]);
  assert.doesNotMatch(harness.output(), /notebook named twice already exists/);
});

test("a load balancer the cloud refuses: progress shows the Service's Warning, the timeout reports it", async () => {
  const emulator = harness.bot.emulator ?? assert.fail('the harness runs the emulator');
  emulator.kube.failLoadBalancers('QuotaExceeded.NLB: the NLB quota of this account in cn-hangzhou is used up');
  try {
    harness.send('/notebook start name=nolb');
    await harness.waitFor(
      /Notebook nolb · ▶ Get a load balancer address — No address yet: SyncLoadBalancerFailed: Error syncing load balancer: QuotaExceeded\.NLB: the NLB quota/,
    );
    await harness.waitFor(
      /\[private to alice\] {3}Notebook nolb was not ready after 2 seconds: Jupyter is ready but the cloud controller could not create the NLB: SyncLoadBalancerFailed: Error syncing load balancer: QuotaExceeded\.NLB: .*gpubot removed what it had created/,
    );
  } finally {
    emulator.kube.failLoadBalancers(undefined);
  }
  assert.deepEqual(notebookObjects(harness, clusterId, 'nolb'), []);
});
