import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { clusterIdOf, kindsOf, notebookObjects, occurrences, passwordsIn } from './helpers.js';

let harness: ConsoleHarness;
let clusterId: string;
before(async () => {
  harness = await startConsoleHarness();
  harness.send('/gpu-cluster create 2 gn5 name=demo');
  await harness.waitFor(/\[private to alice\] ✅ Your cluster demo is ready/);
  clusterId = clusterIdOf(harness, 'demo');
});
after(async () => {
  await harness.stop();
});

test('start: progress, URL in the channel, the password only in the private message', async () => {
  harness.send('/notebook start name=nb1');
  const url =
    (
      await harness.waitFor(
        /\[#console\] ✅ alice's notebook nb1 is running on demo with 1 GPU: (https:\/\/nlb-[0-9a-z]+\.cn-hangzhou\.nlb\.aliyuncsslb\.com(:\d+)?)/,
      )
    )[1] ?? '';
  await harness.waitFor(/\[private to alice\] {3}Password: /);
  const out = harness.output();
  assert.match(out, /✔ Schedule the pod on a GPU node — On node /);
  // An NLB's address is a DNS name: the URL uses it as the Service reports it.
  assert.match(out, /✔ Get a load balancer address — Address nlb-[0-9a-z]+\.cn-hangzhou\.nlb\.aliyuncsslb\.com/);
  assert.match(out, /✔ Check that TensorFlow sees the GPU — TensorFlow sees 1 GPU: \/device:GPU:0 \(Tesla P100-PCIE-16GB\)/);
  assert.match(out, new RegExp(`\\[private to alice\\]   URL: ${url.replace(/\./g, '\\.')}`));
  const [password] = passwordsIn(out);
  assert.ok(password && password.length >= 20 && /^[A-Za-z0-9_-]+$/.test(password), 'a long URL-safe password');
  assert.equal(occurrences(out, password), 1);
  const line = out.split('\n').find((l) => l.includes(password)) ?? '';
  assert.match(line, /^\[private to alice\]/);
  assert.deepEqual(kindsOf(notebookObjects(harness, clusterId, 'nb1')), [
    'Deployment',
    'NetworkPolicy',
    'PersistentVolumeClaim',
    'Pod',
    'ReplicaSet',
    'Secret',
    'Service',
  ]);
});

test('the objects: GPU limit, secretKeyRef, NLB class and zone maps, labels, no hostPath', async () => {
  const objects = harness.bot.emulator?.kube.objects(clusterId) ?? [];
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.name === 'nb1')?.body as {
    metadata: { labels: Record<string, string>; annotations: Record<string, string> };
    spec: { replicas: number; template: { spec: { containers: Record<string, unknown>[]; volumes?: unknown[] } } };
  };
  const container = deployment.spec.template.spec.containers[0] as {
    image: string;
    resources: { limits: Record<string, string> };
    ports: { containerPort: number }[];
    env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  };
  assert.equal(deployment.spec.replicas, 1);
  assert.equal(container.image, 'tensorflow/tensorflow:2.15.0-gpu-jupyter');
  assert.equal(container.resources.limits['nvidia.com/gpu'], '1');
  assert.equal(container.ports[0]?.containerPort, 8888);
  assert.deepEqual(container.env.find((e) => e.name === 'PASSWORD')?.valueFrom?.secretKeyRef, { name: 'nb1', key: 'password' });
  assert.deepEqual(
    container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]),
    [['HOME', '/home/jovyan']],
    'the only inline env value is HOME',
  );
  assert.deepEqual(
    (deployment.spec.template.spec.volumes as { name: string }[]).map((v) => v.name),
    ['work', 'tls'],
    'its disk and its certificate; no hostPath',
  );
  assert.equal(deployment.metadata.labels['app.kubernetes.io/managed-by'], 'gpubot');
  assert.equal(deployment.metadata.labels['gpubot.io/notebook'], 'nb1');
  assert.match(deployment.metadata.labels['gpubot.io/owner'] ?? '', /^console.alice-[0-9a-f]{10}$/);
  assert.equal(deployment.metadata.annotations['gpubot.io/owner'], 'console:alice');
  const service = objects.find((o) => o.kind === 'Service' && o.name === 'nb1')?.body as {
    metadata: { annotations: Record<string, string>; labels: Record<string, string> };
    spec: {
      type: string;
      loadBalancerClass?: string;
      ports: { port: number; targetPort: number }[];
      loadBalancerSourceRanges?: string[];
    };
  };
  assert.equal(service.spec.type, 'LoadBalancer');
  assert.deepEqual(
    service.spec.ports.map((p) => [p.port, p.targetPort]),
    [[443, 8888]],
  );
  assert.equal(service.spec.loadBalancerSourceRanges, undefined);
  assert.equal(service.metadata.annotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type'], 'internet');
  assert.equal(service.spec.loadBalancerClass, 'alibabacloud.com/nlb');
  // The zone maps name the cluster's own vSwitches, one per zone, in at least two zones.
  const cluster = harness.bot.emulator?.cloud.clusters().find((c) => c.clusterId === clusterId) ?? assert.fail('no cluster');
  const own = new Set(cluster.vswitchIds);
  const maps = (service.metadata.annotations['service.beta.kubernetes.io/alibaba-cloud-loadbalancer-zone-maps'] ?? '').split(',');
  assert.ok(maps.length >= 2, maps.join(','));
  const zones = maps.map((m) => m.split(':')[0]);
  assert.equal(new Set(zones).size, maps.length, 'one vSwitch per zone');
  for (const map of maps) {
    const [zoneId, vswitchId] = map.split(':');
    assert.ok(own.has(vswitchId ?? ''), `${vswitchId ?? ''} is one of the cluster's vSwitches`);
    assert.match(zoneId ?? '', /^cn-hangzhou-[a-z]$/);
  }
  // The cloud controller accepted them: the Service has its address (it checks each vSwitch's zone).
  for (const clbOnly of ['spec', 'instance-charge-type', 'charge-type']) {
    assert.equal(service.metadata.annotations[`service.beta.kubernetes.io/alibaba-cloud-loadbalancer-${clbOnly}`], undefined);
  }
  assert.equal(service.metadata.labels['gpubot.io/notebook'], 'nb1');
  assert.ok(
    container.env.every((e) => e.name !== 'PASSWORD' || e.valueFrom?.secretKeyRef),
    'the password comes from the Secret',
  );
  const secret = objects.find((o) => o.kind === 'Secret' && o.name === 'nb1')?.body as {
    data: Record<string, string>;
    metadata: { labels: Record<string, string> };
  };
  const [password] = passwordsIn(harness.output());
  assert.equal(Buffer.from(secret.data['password'] ?? '', 'base64').toString('utf8'), password);
  assert.equal(secret.metadata.labels['gpubot.io/notebook'], 'nb1');
});

test('list shows the notebook with its URL and state; password resends the same password privately', async () => {
  harness.send('/notebook list');
  await harness.waitFor(
    /\[private to alice\] {3}nb1 on demo: running, 1 GPU, tensorflow\/tensorflow:2\.15\.0-gpu-jupyter, https:\/\/nlb-[0-9a-z]+\.cn-hangzhou\.nlb\.aliyuncsslb\.com/,
  );
  const before = harness.output().length;
  harness.send('/notebook password nb1');
  await harness.waitFor(/\[private to alice\] .*Password of notebook nb1[^]*Password: \S+/);
  const [first] = passwordsIn(harness.output());
  const again = passwordsIn(harness.output().slice(before));
  assert.deepEqual(again, [first]);
});

test('the TensorFlow 1.4.1 image of the original manual works too', async () => {
  harness.send('/notebook start name=old image=tensorflow/tensorflow:1.4.1-gpu-py3');
  await harness.waitFor(/\[#console\] ✅ alice's notebook old is running on demo with 1 GPU/);
  await harness.waitFor(/\[private to alice\] ✅ Your notebook old is ready/);
});

test('stop removes the Deployment, Service, NetworkPolicy and Secret, waits for the pod, and keeps the disk', async () => {
  harness.send('/notebook stop nb1');
  await harness.waitFor(
    /\[#console\] ✅ Notebook nb1 on demo was stopped at alice's request; its GPUs are free again and its disk is kept\./,
  );
  await harness.waitFor(/\[private to alice\] {3}Notebook nb1 is stopped; its 20 GiB disk with your work is kept\./);
  await harness.waitFor(/\[private to alice\] {3}The 20 GiB cloud disk is billed by the hour for its size while it exists/);
  assert.deepEqual(kindsOf(notebookObjects(harness, clusterId, 'nb1')), ['PersistentVolumeClaim']);
  harness.send('/notebook stop old');
  await harness.waitFor(/Notebook old on demo was stopped/);
  harness.send('/notebook list');
  await harness.waitFor(
    /\[private to alice\] {3}nb1 on demo: stopped, 20 GiB disk kept \(`\/notebook start name=nb1` to resume\)/,
  );
});
