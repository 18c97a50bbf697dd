import { callsSince } from './cloud-calls.js';
import { runCreates, type FlowRun } from './creates.js';
import { until, type Rig } from './rig.js';
import { spread } from './stats.js';

/** An 8-GPU type: the host cluster for the notebook scenario gets ceil(notebooks / 8) of them. */
const HOST_TYPE = 'ecs.gn6v-c8g1.16xlarge';
const HOST_GPUS_PER_NODE = 8;

interface KubeItem {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly body: unknown;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The cluster the notebooks start on, made (unmeasured) with a GPU for each notebook. */
export async function startNotebookHost(rig: Rig, notebooks: number): Promise<string> {
  const nodes = Math.ceil((notebooks + 1) / HOST_GPUS_PER_NODE);
  const made = await runCreates(rig, 1, 'nbhost', HOST_TYPE, nodes);
  const host = rig.emulator.cloud.clusters().find((c) => c.name === 'nbhost-0');
  if (made.finished !== 1 || !host) throw new Error('bench: the notebook host cluster did not become ready');
  return host.name;
}

/**
 * Timestamps written by the Kubernetes emulator run on its compressed clock with whole-second
 * resolution: back to real epoch ms (the middle of that emulated second).
 */
function realTime(rig: Rig, stamp: unknown): number | undefined {
  if (typeof stamp !== 'string') return undefined;
  const emulated = Date.parse(stamp) + 500;
  return Number.isNaN(emulated) ? undefined : rig.clockStart + (emulated - rig.clockStart) / rig.timeScale;
}

/** When the notebook first existed in Kubernetes, and when it served (pod ready, load balancer address). */
function kubeTimes(rig: Rig, items: readonly KubeItem[], name: string): { created?: number; ready?: number } {
  const own = items.filter((item) => item.name === name || item.name.startsWith(`${name}-`));
  const created = own
    .filter((item) => item.kind !== 'Event')
    .map((item) => realTime(rig, (item.body as { metadata?: { creationTimestamp?: string } }).metadata?.creationTimestamp))
    .filter((at): at is number => at !== undefined);
  const podReady = own
    .filter((item) => item.kind === 'Pod')
    .flatMap(
      (item) =>
        (item.body as { status?: { conditions?: { type: string; status: string; lastTransitionTime?: string }[] } }).status
          ?.conditions ?? [],
    )
    .filter((c) => c.type === 'Ready' && c.status === 'True')
    .map((c) => realTime(rig, c.lastTransitionTime))
    .filter((at): at is number => at !== undefined);
  const address = items
    .filter((item) => item.kind === 'Event')
    .map((item) => item.body as { reason?: string; firstTimestamp?: string; involvedObject?: { kind?: string; name?: string } })
    .filter(
      (e) =>
        e.reason === 'EnsuredLoadBalancer' && e.involvedObject?.kind === 'Service' && e.involvedObject.name?.startsWith(name),
    )
    .map((e) => realTime(rig, e.firstTimestamp))
    .filter((at): at is number => at !== undefined);
  return {
    ...(created.length ? { created: Math.min(...created) } : {}),
    ...(podReady.length && address.length ? { ready: Math.max(...podReady, ...address) } : {}),
  };
}

/** `count` notebook starts typed at once on the host cluster, timed like the creates. */
export async function runNotebooks(rig: Rig, cluster: string, count: number, tag: string): Promise<FlowRun> {
  const fromLine = rig.console.lines.length;
  const fromCall = rig.emulator.cloud.journal().length;
  rig.worker.resetPeak();
  const names = Array.from({ length: count }, (_, i) => `${tag}-${i}`);
  const started = Date.now();
  for (const name of names) rig.send(`/notebook start cluster=${cluster} name=${name}`);

  const received = () => rig.console.firstBy(new RegExp(`> /notebook start .* name=(${escape(tag)}-\\d+)`), fromLine);
  const dms = () =>
    rig.console.firstBy(new RegExp(`^\\[private to [^\\]]+\\] .*Your notebook (${escape(tag)}-\\d+) is ready`), fromLine);
  await until(() => received().size === count, `${count} notebook commands to be received`, 600_000, 100);
  await Promise.race([until(() => dms().size === count, `${count} notebook DMs`, 3_600_000, 100), rig.bot.waitUntilIdle(250)]);
  const peak = rig.worker.peakRssMiB();

  const host = rig.emulator.cloud.clusters().find((c) => c.name === cluster);
  const items = host ? rig.emulator.kube.objects(host.clusterId) : [];
  const receivedAt = received();
  const dmAt = dms();
  const toCreate: number[] = [];
  const toDm: number[] = [];
  const cloudDelay: number[] = [];
  for (const name of names) {
    const { created, ready } = kubeTimes(rig, items, name);
    const command = receivedAt.get(name);
    const dm = dmAt.get(name);
    if (created !== undefined && command !== undefined) toCreate.push(created - command);
    if (ready !== undefined && dm !== undefined) toDm.push(dm - ready);
    if (created !== undefined && ready !== undefined) cloudDelay.push(ready - created);
  }
  return {
    count,
    finished: dmAt.size,
    wallMs: Math.max(...dmAt.values()) - started,
    cloudDelayMs: spread(cloudDelay),
    commandToCreateMs: spread(toCreate),
    readyToDmMs: spread(toDm),
    calls: callsSince(rig.emulator, fromCall),
    workerPeakRssMB: (peak * 1024 * 1024) / 1e6,
  };
}
