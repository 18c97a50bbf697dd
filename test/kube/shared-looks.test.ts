import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { startKubeEmulator, type EmulatorClock, type KubeEmulator, type TimerHandle } from '../../src/emulator/kube/index.js';
import { ClientNodeNotebooks } from '../../src/kube/notebook/client-node-notebooks.js';
import type { NotebookSpec } from '../../src/kube/port.js';
import { startFaultyKube, type FaultyKube } from '../support/faulty-kube.js';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.js';
import { p100Node } from '../emulator/kube/helpers.js';

const NAMESPACE = 'gpubot-notebooks';
const NOTEBOOKS = 20;

/** Emulated time that moves only when the test says: the cluster holds still while looks are compared. */
function manualClock() {
  let now = Date.parse('2026-11-29T12:00:00Z');
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: EmulatorClock = {
    now: () => new Date(now),
    after(emulatedMs, fn): TimerHandle {
      const id = nextId++;
      timers.set(id, { at: now + emulatedMs, fn });
      return { id };
    },
    cancel(handle) {
      timers.delete(handle.id);
    },
  };
  const turn = () => new Promise((resolve) => setTimeout(resolve, 5));
  /** Runs the timers due within `ms`, in order, letting the controllers react to each. */
  async function advance(ms: number): Promise<void> {
    const until = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = Math.max(now, due[1].at);
      due[1].fn();
      await turn();
    }
    now = until;
    await turn();
  }
  return { clock, advance };
}

function spec(name: string, image: string): NotebookSpec {
  return {
    name,
    namespace: NAMESPACE,
    image,
    gpus: 1,
    owner: 'console:alice',
    requestId: `r-${name}`,
    exposure: { loadBalancer: 'clb', addressType: 'internet', sourceRanges: [] },
    resources: { cpuRequest: '100m', cpuLimit: '200m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
    storage: { size: '20Gi', storageClass: 'alicloud-disk-topology-alltype' },
    tls: false,
  };
}

/** The emulator's kubeconfig, pointed at another server (a proxy in front of it). */
const via = (kubeconfig: string, emulatorUrl: string, proxyUrl: string) => kubeconfig.split(emulatorUrl).join(proxyUrl);

describe('waiting starts on one cluster share one namespace-wide read', () => {
  let emulator: KubeEmulator;
  let kubeconfig: string;
  let advance: (ms: number) => Promise<void>;
  let proxy: RecordingProxy;
  let core: CoreV1Api;
  const names = Array.from({ length: NOTEBOOKS }, (_, i) => `nb-${String(i).padStart(2, '0')}`);

  /** Waits until the cluster's objects stop changing (the readiness probes answer over real sockets). */
  async function settle(): Promise<void> {
    let last = '';
    for (let quiet = 0; quiet < 3;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const version = (await core.listNamespace()).metadata?.resourceVersion ?? '';
      quiet = version === last ? quiet + 1 : 0;
      last = version;
    }
  }

  before(async () => {
    const manual = manualClock();
    advance = manual.advance;
    emulator = await startKubeEmulator({ clock: manual.clock });
    // 8 GPUs for 20 notebooks: some run, the rest wait Unschedulable.
    kubeconfig = emulator.addCluster({ clusterId: 'c-shared', nodes: [p100Node('gpu-1', 8)] }).kubeconfig;
    const config = new KubeConfig();
    config.loadFromString(kubeconfig);
    core = config.makeApiClient(CoreV1Api);
    const notebooks = new ClientNodeNotebooks(config);
    await notebooks.ensureNamespace(NAMESPACE);
    emulator.failImagePulls(/no-such-image/);
    // The first ones get a load balancer; the later ones' Services only get the controller's Warning events.
    for (const [i, name] of names.slice(0, 6).entries()) {
      await notebooks.apply(spec(name, i === 5 ? 'registry.example/no-such-image:1' : 'jupyter/base-notebook:latest'), {
        password: 'pw',
      });
    }
    await advance(10 * 60_000);
    emulator.failLoadBalancers('the account has no balance');
    for (const name of names.slice(6)) {
      await notebooks.apply(spec(name, 'jupyter/base-notebook:latest'), { password: 'pw' });
    }
    await advance(10 * 60_000);
    await settle();
    proxy = await startRecordingProxy(emulator.url);
  });
  after(async () => {
    await proxy.close();
    await emulator.close();
  });

  const client = () => {
    const config = new KubeConfig();
    config.loadFromString(via(kubeconfig, emulator.url, proxy.url));
    return new ClientNodeNotebooks(config);
  };
  const requestsSince = (start: number) => proxy.exchanges().slice(start);

  test(`${NOTEBOOKS} concurrent shared looks make one read of three lists, and each sees what a fresh look sees`, async () => {
    const notebooks = client();
    const start = proxy.exchanges().length;
    const shared = await Promise.all(names.map((name) => notebooks.observeShared(NAMESPACE, name, 60_000)));
    const made = requestsSince(start);
    assert.deepEqual(made.map((r) => `${r.method} ${r.url.split('?')[0]}`).sort(), [
      `GET /api/v1/namespaces/${NAMESPACE}/events`,
      `GET /api/v1/namespaces/${NAMESPACE}/pods`,
      `GET /api/v1/namespaces/${NAMESPACE}/services`,
    ]);
    assert.ok(
      made.every((r) => new URL(r.url, 'http://x').searchParams.get('limit') === '500'),
      'the lists ask in pages',
    );
    const fresh = await Promise.all(names.map((name) => notebooks.observe(NAMESPACE, name)));
    assert.ok(requestsSince(start).length - made.length >= 2 * NOTEBOOKS, 'fresh looks read on their own');
    assert.deepEqual(shared, fresh);
    // What was compared covers every kind of wait and of success.
    assert.ok(shared.some((seen) => seen.pod?.ready && seen.address));
    assert.ok(shared.some((seen) => seen.pod?.unschedulable));
    assert.ok(shared.some((seen) => seen.pod?.waiting && seen.pod.pullError));
    assert.ok(shared.some((seen) => seen.serviceWarnings?.length));
    // A look later but within the max age reuses the read.
    const again = proxy.exchanges().length;
    assert.deepEqual(await notebooks.observeShared(NAMESPACE, names[0] ?? '', 60_000), shared[0]);
    assert.equal(requestsSince(again).length, 0);
  });

  test('a notebook with nothing in the cluster is seen as nothing by both looks', async () => {
    const notebooks = client();
    assert.deepEqual(await notebooks.observeShared(NAMESPACE, 'nb-none', 60_000), {});
    assert.deepEqual(await notebooks.observe(NAMESPACE, 'nb-none'), {});
  });

  test('a read older than the max age is read again', async () => {
    const notebooks = client();
    const start = proxy.exchanges().length;
    await notebooks.observeShared(NAMESPACE, names[0] ?? '', 50);
    assert.equal(requestsSince(start).length, 3);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await notebooks.observeShared(NAMESPACE, names[1] ?? '', 50);
    assert.equal(requestsSince(start).length, 6);
    // Another namespace is another read.
    await notebooks.observeShared('elsewhere', names[1] ?? '', 60_000);
    assert.equal(requestsSince(start).length, 9);
  });

  test('a big namespace comes in pages, and the shared look still equals the fresh one', async () => {
    // Over 500 Events in the namespace: the events list needs a second page.
    for (let i = 0; i < 520; i++) {
      await core.createNamespacedEvent({
        namespace: NAMESPACE,
        body: {
          metadata: { name: `filler-${i}` },
          involvedObject: { kind: 'ConfigMap', name: `cm-${i}`, namespace: NAMESPACE },
          reason: 'Filler',
          message: 'not a notebook',
          type: 'Normal',
        },
      });
    }
    await settle();
    const notebooks = client();
    const start = proxy.exchanges().length;
    const shared = await Promise.all(names.map((name) => notebooks.observeShared(NAMESPACE, name, 60_000)));
    const lists = requestsSince(start).map((r) => new URL(r.url, 'http://x'));
    const events = lists.filter((url) => url.pathname.endsWith('/events'));
    assert.equal(events.length, 2);
    assert.ok(events[1]?.searchParams.get('continue'), 'the second page continues the first');
    assert.equal(lists.length, 4);
    assert.deepEqual(shared, await Promise.all(names.map((name) => notebooks.observe(NAMESPACE, name))));
  });

  describe('a failed read', () => {
    let faulty: FaultyKube;
    before(async () => {
      faulty = await startFaultyKube();
    });
    after(async () => {
      await faulty.close();
    });

    test('fails the looks that shared it and is not reused: the next look reads again', async () => {
      const notebooks = faulty.connector.connect(kubeconfig).notebooks;
      faulty.fail((_method, path) => (path.includes('/events') ? 503 : undefined));
      const looks = await Promise.allSettled(names.slice(0, 5).map((name) => notebooks.observeShared(NAMESPACE, name, 60_000)));
      assert.ok(looks.every((look) => look.status === 'rejected'));
      // One read for the five looks: its events list tried three times (a list is retried twice within the call).
      assert.equal(faulty.counts().failed, 3);
      assert.equal(faulty.counts().passed, 2);
      faulty.fail(undefined);
      const passed = faulty.counts().passed;
      const seen = await notebooks.observeShared(NAMESPACE, names[0] ?? '', 60_000);
      assert.ok(faulty.counts().passed - passed >= 3, 'the next look read the three lists again');
      assert.deepEqual(seen, await notebooks.observe(NAMESPACE, names[0] ?? ''));
    });
  });
});
