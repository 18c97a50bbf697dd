import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch } from '../support/console-wait.js';
import { emulatorEnv } from '../support/emulated-cloud.js';

/** An operator who chose Terway (NetworkPolicy enforced) and a certificate for TLS at the load balancer. */
let emulator: Emulator;
let harness: ConsoleHarness;
before(async () => {
  emulator = await startEmulator({ timeScale: 3000 });
  const net = emulator.cloud.networks().find((n) => n.regionId === 'cn-hangzhou') ?? assert.fail('no default VPC');
  const nodeVswitches = ['cn-hangzhou-h', 'cn-hangzhou-i'].map(
    (zone) => net.vswitches.find((v) => v.zoneId === zone)?.vswitchId ?? assert.fail(`no vSwitch in ${zone}`),
  );
  const podVswitches = ['cn-hangzhou-h', 'cn-hangzhou-i'].map((zone) => emulator.cloud.addVSwitch(net.vpcId, zone));
  harness = await startConsoleHarness({
    ...emulatorEnv(emulator),
    GPUBOT_POLL_INTERVAL_MS: '50',
    GPUBOT_VPC_ID: net.vpcId,
    GPUBOT_VSWITCH_IDS: nodeVswitches.join(','),
    GPUBOT_NETWORK_PLUGIN: 'terway',
    GPUBOT_POD_VSWITCH_IDS: podVswitches.join(','),
    GPUBOT_NOTEBOOK_TLS_CERT_ID: '1234567',
  });
});
after(async () => {
  await harness.stop();
  await emulator.close();
});

test('a Terway cluster enforces NetworkPolicy: the notebook DM has no warning, status says it is enforced', async () => {
  await sendAndWatch(harness, '/gpu-cluster create 2 gn5 name=fenced').waitFor(
    /\[private to alice\] ✅ Your cluster fenced is ready/,
    40_000,
  );
  const cluster = emulator.cloud.clusters().find((c) => c.name === 'fenced') ?? assert.fail('no cluster');
  assert.deepEqual(cluster.networkPlugin, { plugin: 'terway', networkPolicy: true });
  const status = sendAndWatch(harness, '/gpu-cluster status fenced');
  await status.waitFor(
    /\[private to alice\] {3}NetworkPolicy is enforced: notebooks cannot reach the metadata endpoint or the API server\./,
  );
});

test('with GPUBOT_NOTEBOOK_TLS_CERT_ID, TLS ends at the NLB on 443: https URL, no self-signed fingerprint, Jupyter serves HTTP behind it', async () => {
  const start = sendAndWatch(harness, '/notebook start name=behind');
  const [, url] = await start.waitFor(
    /\[#console\] ✅ alice's notebook behind is running on fenced with 1 GPU: (https:\/\/nlb-\w+\.cn-hangzhou\.nlb\.aliyuncsslb\.com)\n/,
    40_000,
  );
  await start.waitFor(/\[private to alice\] {3}Password: /);
  assert.match(start.output(), new RegExp(`\\[private to alice\\] {3}URL: ${(url ?? '').replace(/\./g, '\\.')}\\n`));
  assert.doesNotMatch(start.output(), /Certificate SHA-256|self-signed|does not enforce NetworkPolicy/);
  const cluster = emulator.cloud.clusters().find((c) => c.name === 'fenced') ?? assert.fail('no cluster');
  const objects = emulator.kube.objects(cluster.clusterId);
  const service = objects.find((o) => o.kind === 'Service' && o.name === 'behind')?.body as {
    metadata: { annotations: Record<string, string> };
    spec: { ports: { port: number; targetPort: number }[] };
  };
  const CCM = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer';
  assert.equal(service.metadata.annotations[`${CCM}-protocol-port`], 'tcpssl:443');
  assert.equal(service.metadata.annotations[`${CCM}-cert-id`], '1234567-cn-hangzhou');
  assert.deepEqual(
    service.spec.ports.map((p) => [p.port, p.targetPort]),
    [[443, 8888]],
  );
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.name === 'behind')?.body as {
    spec: { template: { spec: { containers: { readinessProbe: { httpGet: { scheme: string } }; command: string[] }[] } } };
  };
  const container = deployment.spec.template.spec.containers[0];
  assert.equal(container?.readinessProbe.httpGet.scheme, 'HTTP');
  assert.doesNotMatch(container?.command.join(' ') ?? '', /certfile/);
  const secret = objects.find((o) => o.kind === 'Secret' && o.name === 'behind')?.body as { data: Record<string, string> };
  assert.deepEqual(Object.keys(secret.data), ['password']);
});
