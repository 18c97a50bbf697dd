import type { ClusterSnapshot } from '../src/emulator/cloud/index.js';
import { callsSince, type Calls } from './cloud-calls.js';
import { until, type Rig } from './rig.js';
import { spread, type Spread } from './stats.js';

/**
 * One scenario's figures, the same for creates and notebook starts (each says what its "create"
 * and "ready" are): per request, command → the cloud's first object and ready → DM.
 */
export interface FlowRun {
  readonly count: number;
  readonly finished: number;
  /** First command typed → last DM delivered, ms. */
  readonly wallMs: number;
  /**
   * The cloud's own time per request, ms. A cluster: CreateCluster → running, plus
   * CreateClusterNodePool → active. A notebook: its first Kubernetes object → pod ready and address.
   */
  readonly cloudDelayMs: Spread;
  /** Command received → CreateCluster (a cluster) or its first Kubernetes object (a notebook). */
  readonly commandToCreateMs: Spread;
  readonly readyToDmMs: Spread;
  readonly calls: Calls;
  readonly workerPeakRssMB: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `count` creates typed at once as one person: each timed from the command the bot received, to
 * CreateCluster as the emulator received it, and from the node pool going active in the emulator
 * to the DM the bot delivered.
 */
export async function runCreates(rig: Rig, count: number, tag: string, instanceType = 'gn6i', nodes = 1): Promise<FlowRun> {
  const fromLine = rig.console.lines.length;
  const fromCall = rig.emulator.cloud.journal().length;
  rig.worker.resetPeak();
  const names = Array.from({ length: count }, (_, i) => `${tag}-${i}`);
  const started = Date.now();
  for (const name of names) rig.send(`/gpu-cluster create ${nodes} ${instanceType} name=${name}`);

  const received = () => rig.console.firstBy(new RegExp(`> /gpu-cluster create .* name=(${escape(tag)}-\\d+)`), fromLine);
  const dms = () =>
    rig.console.firstBy(new RegExp(`^\\[private to [^\\]]+\\] .*Your cluster (${escape(tag)}-\\d+) is ready`), fromLine);
  await until(() => received().size === count, `${count} commands to be received`, 600_000, 100);
  // Every create either DMs its owner or ends (a refusal or failure is then counted as unfinished).
  await Promise.race([until(() => dms().size === count, `${count} DMs`, 3_600_000, 100), rig.bot.waitUntilIdle(250)]);
  const peak = rig.worker.peakRssMiB();

  const receivedAt = received();
  const dmAt = dms();
  const byName = new Map<string, ClusterSnapshot>(rig.emulator.cloud.clusters().map((c) => [c.name, c]));
  const toCreate: number[] = [];
  const toDm: number[] = [];
  const cloudDelay: number[] = [];
  for (const name of names) {
    const cluster = byName.get(name);
    const command = receivedAt.get(name);
    if (cluster && command !== undefined) toCreate.push(cluster.createdAt - command);
    const pool = cluster?.nodepools.at(-1);
    const dm = dmAt.get(name);
    if (pool?.activeAt !== undefined && dm !== undefined) toDm.push(dm - pool.activeAt);
    if (cluster?.runningAt !== undefined && pool?.activeAt !== undefined) {
      cloudDelay.push(cluster.runningAt - cluster.createdAt + (pool.activeAt - pool.createdAt));
    }
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
