import assert from 'node:assert/strict';
import { connect, type PeerCertificate } from 'node:tls';
import { after, before, test } from 'node:test';
import { findInstanceType } from '../../src/catalog/gpu-catalog.js';
import { notebookShare } from '../../src/catalog/notebook-share.js';
import { startConsoleHarness, type ConsoleHarness } from '../support/console-harness.js';
import { sendAndWatch, sendConfirmed } from '../support/console-wait.js';
import { pollUntil } from '../support/poll-until.js';
import { clusterIdOf, kindsOf, NAMESPACE, notebookObjects } from './helpers.js';

/** What the issue asks a notebook to be: hardened, fenced, HTTPS with a verifiable certificate, its work kept. */
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

type Body = Record<string, unknown> & { metadata: { name: string; annotations?: Record<string, string> } };
const objectsOf = (kind: string, name?: string) =>
  (harness.bot.emulator?.kube.objects(clusterId) ?? [])
    .filter((o) => o.kind === kind && (name === undefined || o.name === name || o.name.startsWith(`${name}-`)))
    .map((o) => o.body as Body);

/** The certificate the load balancer's address serves, through the emulator's loopback data path. */
async function servedCertificate(address: string, port: number): Promise<PeerCertificate> {
  const endpoint = await harness.bot.emulator?.kube.loadBalancerEndpoint(clusterId, address, port);
  assert.ok(endpoint, `the emulator serves ${address}:${port}`);
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: endpoint.host, port: endpoint.port, rejectUnauthorized: false, servername: 'notebook' },
      () => {
        resolve(socket.getPeerCertificate());
        socket.end();
      },
    );
    socket.on('error', reject);
  });
}

test('https URL in the channel; password and certificate fingerprint only in the DM; the served certificate matches it', async () => {
  const start = sendAndWatch(harness, '/notebook start name=safe');
  const [, url, address, port] = await start.waitFor(
    /\[#console\] ✅ alice's notebook safe is running on demo with 1 GPU: (https:\/\/(nlb-[0-9a-z]+\.cn-hangzhou\.nlb\.aliyuncsslb\.com)(?::(\d+))?)/,
  );
  const [, fingerprint] = await start.waitFor(/\[private to alice\] {3}Certificate SHA-256: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/);
  assert.match(start.output(), new RegExp(`\\[private to alice\\] {3}URL: ${(url ?? '').replace(/\./g, '\\.')}`));
  const lines = start.output().split('\n');
  assert.deepEqual(
    lines.filter((l) => l.includes(fingerprint ?? '-')).map((l) => l.slice(0, 19)),
    ['[private to alice] '],
    'the fingerprint only in the private message',
  );
  const served = await servedCertificate(address ?? '', Number(port ?? 443));
  assert.equal(served.fingerprint256, fingerprint);
  assert.equal(served.subject.CN, 'safe');
});

test('the pod: no service-account token, non-root with a writable home on its disk, no privileges, sized from the node type', () => {
  const [pod] = objectsOf('Pod', 'safe');
  const spec = pod?.['spec'] as {
    automountServiceAccountToken: boolean;
    securityContext: Record<string, unknown>;
    volumes: { name: string; projected?: unknown; persistentVolumeClaim?: { claimName: string } }[];
    containers: {
      command: string[];
      securityContext: Record<string, unknown>;
      resources: { requests: Record<string, string>; limits: Record<string, string> };
      volumeMounts: { name: string; mountPath: string }[];
      readinessProbe: { httpGet: { scheme: string; path: string } };
    }[];
  };
  assert.equal(spec.automountServiceAccountToken, false);
  assert.ok(!spec.volumes.some((v) => v.projected), 'no API token volume was injected');
  assert.deepEqual(spec.securityContext, {
    runAsNonRoot: true,
    runAsUser: 1000,
    runAsGroup: 100,
    fsGroup: 100,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  });
  const container = spec.containers[0];
  assert.deepEqual(container?.securityContext, {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    runAsNonRoot: true,
  });
  assert.doesNotMatch(container?.command.join(' ') ?? '', /--allow-root/);
  assert.deepEqual(
    container?.volumeMounts.find((m) => m.name === 'work'),
    { name: 'work', mountPath: '/home/jovyan' },
  );
  assert.equal(spec.volumes.find((v) => v.name === 'work')?.persistentVolumeClaim?.claimName, 'safe');
  assert.deepEqual(container?.readinessProbe.httpGet.scheme, 'HTTPS');
  const share = notebookShare(findInstanceType('ecs.gn5-c4g1.xlarge') ?? assert.fail('catalog'), 1);
  assert.deepEqual(container?.resources.limits, {
    cpu: `${share.cpuLimitMillis}m`,
    memory: `${share.memoryLimitMiB}Mi`,
    'nvidia.com/gpu': '1',
  });
  assert.deepEqual(container?.resources.requests, {
    cpu: `${share.cpuRequestMillis}m`,
    memory: `${share.memoryRequestMiB}Mi`,
    'nvidia.com/gpu': '1',
  });
  // 4 vCPU and 30 GiB, one GPU: the notebook may use most of it, never all of it.
  assert.ok(share.cpuLimitMillis >= 3000 && share.cpuLimitMillis < 4000, String(share.cpuLimitMillis));
  assert.ok(share.memoryLimitMiB >= 24 * 1024 && share.memoryLimitMiB < 30 * 1024, String(share.memoryLimitMiB));
  const namespace = objectsOf('Namespace', NAMESPACE)[0]?.metadata as { labels?: Record<string, string> } | undefined;
  assert.equal(namespace?.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
});

test('the NetworkPolicy: in only on 8888; out anywhere but the metadata endpoint and the API server', () => {
  const [policy] = objectsOf('NetworkPolicy', 'safe');
  assert.deepEqual(policy?.['spec'], {
    podSelector: { matchLabels: { 'gpubot.io/notebook': 'safe' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ ports: [{ protocol: 'TCP', port: 8888 }] }],
    egress: [
      { to: [{ namespaceSelector: {} }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['100.100.100.200/32', '192.168.0.1/32', '172.21.0.1/32'] } }] },
      { to: [{ ipBlock: { cidr: '::/0' } }] },
    ],
  });
});

test('internet load balancers without source ranges: a warning at start, in help and in the notebook DM', async () => {
  assert.match(harness.logs(), /"level":40[^\n]*open to every address: set GPUBOT_NOTEBOOK_SOURCE_RANGES/);
  const help = sendAndWatch(harness, '/gpu-cluster help');
  await help.waitFor(/\[only you\] {3}Notebooks are reachable from anywhere on the internet: only the password protects them\./);
  assert.match(harness.output(), /\[private to alice\] {3}Notebooks are reachable from anywhere on the internet/);
});

test('on a Flannel cluster the DM and status say plainly that the NetworkPolicy is not enforced', async () => {
  assert.match(
    harness.output(),
    /\[private to alice\] {3}Warning: this cluster's network plugin \(Flannel\) does not enforce NetworkPolicy, so notebooks on it are not fenced off/,
  );
  const status = sendAndWatch(harness, '/gpu-cluster status demo');
  await status.waitFor(
    /\[private to alice\] {3}Warning: this cluster's network plugin \(Flannel\) does not enforce NetworkPolicy/,
  );
});

test('images from addresses or unlisted registries are refused at once with the allowed list', async () => {
  for (const image of ['100.100.100.200:80/x', 'localhost:5000/x', '10.0.0.1/x', 'quay.io/jupyter/base-notebook']) {
    const attempt = sendAndWatch(harness, `/notebook start name=bad image=${image}`);
    await attempt.waitFor(
      /\[only you\] ❌ Image `[^`]+` is refused: its registry \S+ is (an IP address, localhost or a link-local name, which notebooks never pull from|not one notebooks may pull from)\. Allowed registries: docker\.io, registry\.\*\.aliyuncs\.com, registry-vpc\.\*\.aliyuncs\.com/,
    );
  }
  assert.deepEqual(notebookObjects(harness, clusterId, 'bad'), []);
});

test('stop keeps the disk, start name= reattaches the same disk, delete removes it after confirmation', async () => {
  const [claim] = objectsOf('PersistentVolumeClaim', 'safe');
  const disk = (claim?.['spec'] as { volumeName: string }).volumeName;
  assert.match(disk, /^d-/);
  const [volume] = objectsOf('PersistentVolume', disk);
  const zone = (volume?.metadata as { labels?: Record<string, string> }).labels?.['topology.kubernetes.io/zone'];
  assert.ok(zone, 'the disk is zonal');

  await sendAndWatch(harness, '/notebook stop safe').waitFor(/Notebook safe on demo was stopped .* its disk is kept/);
  assert.deepEqual(kindsOf(notebookObjects(harness, clusterId, 'safe')), ['PersistentVolumeClaim']);

  const restart = sendAndWatch(harness, '/notebook start name=safe');
  await restart.waitFor(/\[private to alice\] {3}The disk of safe \(20 GiB\) is attached again/);
  const [again] = objectsOf('PersistentVolumeClaim', 'safe');
  assert.equal((again?.['spec'] as { volumeName: string }).volumeName, disk, 'the same disk');
  assert.deepEqual(
    objectsOf('PersistentVolume').map((v) => v.metadata.name),
    [disk],
  );

  const remove = await sendConfirmed(harness, '/notebook delete safe');
  await remove.waitFor(/\[#console\] ✅ Notebook safe on demo and its disk were deleted at alice's request\./);
  assert.deepEqual(notebookObjects(harness, clusterId, 'safe'), []);
  // The claim is gone; its volume follows it, deleted by the provisioner as on a real cluster.
  await pollUntil(
    () => objectsOf('PersistentVolume').length === 0,
    () => `the disk did not go with its claim: ${JSON.stringify(objectsOf('PersistentVolume').map((v) => v.metadata.name))}`,
    5000,
  );
});

test('a delete that is not confirmed deletes nothing', async () => {
  await sendAndWatch(harness, '/notebook start name=keep').waitFor(/alice's notebook keep is running/);
  const ask = sendAndWatch(harness, '/notebook delete keep');
  const [, code] = await ask.waitFor(/Delete notebook keep and its disk\?[^]*`\/gpu-cluster confirm ([a-z0-9]{8})`/);
  harness.send(`/gpu-cluster cancel ${code}`);
  await ask.waitFor(/Cancelled/i);
  assert.deepEqual(kindsOf(notebookObjects(harness, clusterId, 'keep')).includes('PersistentVolumeClaim'), true);
});
