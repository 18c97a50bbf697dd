/**
 * `npm run bench`: measures, never asserts. Three scenarios, each figure printed next to the same
 * figure of a baseline measured in this run, and next to its target with PASS or MISS:
 *
 * 1. BENCH_K (1000) concurrent `/gpu-cluster create` in ONE worker process against the emulator,
 *    whose clusters take a fixed time to become ready (BENCH_TIME_SCALE, default 10: ACK's ~10 min
 *    in about a minute, with gpubot's 10 s poll interval scaled alike). Baseline: one create.
 * 2. BENCH_NOTEBOOKS (300) concurrent `/notebook start` on one cluster. Baseline: one start.
 * 3. Slash-command ack latency over real, signed HTTP: BENCH_ACKS (3000) `/gpu-cluster create`,
 *    BENCH_ACK_CONCURRENCY (50) at a time, in BENCH_ACK_ROUNDS (5) rounds that alternate gpubot's Slack
 *    adapter and a bare Bolt App.
 * BENCH_ONLY=creates,notebooks,acks picks scenarios; with more than one, each runs in a fresh process.
 *
 * deploy/run-bench.sh builds dist/ first: the worker runs compiled, as deployed.
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { startEmulator } from '../src/emulator/index.js';
import { describePerUnit } from './cloud-calls.js';
import { runCreates, type FlowRun } from './creates.js';
import { runNotebooks, startNotebookHost } from './notebooks.js';
import { formatSection, meets, type Figure, type Section } from './report.js';
import { REAL_POLL_INTERVAL_MS, startRig } from './rig.js';
import { runSlashAck } from './slash-ack.js';

const setting = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
};
const K = setting('BENCH_K', 1000);
const NOTEBOOKS = setting('BENCH_NOTEBOOKS', 300);
const ACKS = setting('BENCH_ACKS', 3000);
const ACK_CONCURRENCY = setting('BENCH_ACK_CONCURRENCY', 50);
const ACK_ROUNDS = setting('BENCH_ACK_ROUNDS', 5);
const TIME_SCALE = setting('BENCH_TIME_SCALE', 10);
/** BENCH_ONLY=creates,notebooks,acks (default all three) runs some of the scenarios. */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'creates,notebooks,acks').split(',').map((name) => name.trim()));

const seconds = (ms: number) => ms / 1000;

/** The figures shared by the create and notebook scenarios, against the same targets. */
function flowFigures(load: FlowRun, base: FlowRun, pollIntervalMs: number, cloudCall: string): Figure[] {
  const delay = seconds(load.cloudDelayMs.p50);
  const baseline = (value: number) => ({ value, name: 'baseline' });
  return [
    {
      label: 'wall time (first command → last DM)',
      value: seconds(load.wallMs),
      unit: 's',
      baseline: baseline(seconds(base.wallMs)),
      target: { limit: 1.5 * delay + 5, text: `≤ 1.5 × cloud delay (${delay.toFixed(1)} s) + 5 s` },
    },
    { label: "the cloud's own delay, p50", value: delay, unit: 's', baseline: baseline(seconds(base.cloudDelayMs.p50)) },
    {
      label: `command → ${cloudCall}, p50`,
      value: load.commandToCreateMs.p50,
      unit: 'ms',
      baseline: baseline(base.commandToCreateMs.p50),
    },
    {
      label: `command → ${cloudCall}, p99`,
      value: load.commandToCreateMs.p99,
      unit: 'ms',
      baseline: baseline(base.commandToCreateMs.p99),
      target: { limit: 2000, text: '≤ 2 s' },
    },
    { label: 'ready → DM, p50', value: load.readyToDmMs.p50, unit: 'ms', baseline: baseline(base.readyToDmMs.p50) },
    {
      label: 'ready → DM, p99',
      value: load.readyToDmMs.p99,
      unit: 'ms',
      baseline: baseline(base.readyToDmMs.p99),
      target: { limit: pollIntervalMs + 2000, text: `≤ poll interval (${pollIntervalMs} ms) + 2 s` },
    },
    {
      label: 'ACK+ECS calls each, besides the listing',
      value: load.calls.besidesListing / load.count,
      unit: 'calls',
      baseline: baseline(base.calls.besidesListing / base.count),
      target: { limit: 6, text: '≤ 6' },
    },
    { label: 'shared listing calls (DescribeClustersForRegion)', value: load.calls.listing, unit: 'calls' },
    {
      label: 'worker peak RSS',
      value: load.workerPeakRssMB,
      unit: 'MB',
      baseline: baseline(base.workerPeakRssMB),
      target: { limit: 250, text: '≤ 250 MB (at K = 1,000)' },
    },
  ];
}

function flowNotes(load: FlowRun, what: string): string[] {
  return [
    `${load.finished} of ${load.count} ${what} delivered their DM${load.finished < load.count ? ' (the rest failed or were refused)' : ''}`,
    `ACK+ECS calls each by action: ${describePerUnit(load.calls, load.count)}`,
  ];
}

/** Prints a section as soon as it is measured, so a long run shows its figures as it goes. */
function print(section: Section): Section {
  process.stdout.write(`${formatSection(section)}\n`);
  return section;
}

async function measureCreates(): Promise<Section> {
  const rig = await startRig(TIME_SCALE);
  try {
    // The worker connects and its first listing is fetched before anything is timed.
    await new Promise((done) => setTimeout(done, 3000));
    const idleRss = (rig.worker.rssMiB() * 1024 * 1024) / 1e6;
    process.stderr.write(`bench: one create (baseline), then ${K} creates\n`);
    const base = await runCreates(rig, 1, 'base');
    const load = await runCreates(rig, K, 'load');
    return print({
      title: `${K} concurrent creates, one worker process (idle RSS ${idleRss.toFixed(0)} MB)`,
      notes: flowNotes(load, 'creates'),
      figures: flowFigures(load, base, rig.pollIntervalMs, 'CreateCluster'),
    });
  } finally {
    await rig.stop();
  }
}

/** On a rig of its own: the notebooks' cluster is the only one, as the scenario says. */
async function measureNotebooks(): Promise<Section> {
  const rig = await startRig(TIME_SCALE);
  try {
    await new Promise((done) => setTimeout(done, 3000));
    process.stderr.write(`bench: a host cluster for ${NOTEBOOKS} notebooks, one start (baseline), then ${NOTEBOOKS} starts\n`);
    const host = await startNotebookHost(rig, NOTEBOOKS);
    const base = await runNotebooks(rig, host, 1, 'nbbase');
    const load = await runNotebooks(rig, host, NOTEBOOKS, 'nb');
    return print({
      title: `${NOTEBOOKS} concurrent notebook starts on one cluster (the cloud's delay: first Kubernetes object → pod ready and load balancer address)`,
      notes: flowNotes(load, 'starts'),
      figures: flowFigures(load, base, rig.pollIntervalMs, 'first Kubernetes object'),
    });
  } finally {
    await rig.stop();
  }
}

async function measureAcks(): Promise<Section> {
  process.stderr.write(`bench: ${ACKS} slash commands against gpubot's Slack adapter and a bare Bolt App\n`);
  const emulator = await startEmulator({ timeScale: TIME_SCALE });
  const acks = await runSlashAck(emulator, ACKS, ACK_CONCURRENCY, ACK_ROUNDS).finally(() => emulator.close());
  return print({
    title: `slash-command ack latency, ${ACKS} signed requests in ${ACK_ROUNDS} alternating rounds, ${ACK_CONCURRENCY} in flight (baseline: a bare Bolt App)`,
    notes: [`non-200 answers: gpubot ${acks.gpubot.errors}, bare Bolt ${acks.bare.errors}`],
    figures: [
      {
        label: 'ack, p50',
        value: acks.gpubot.ackMs.p50,
        unit: 'ms',
        baseline: { value: acks.bare.ackMs.p50, name: 'bare Bolt' },
      },
      {
        label: 'ack, p99',
        value: acks.gpubot.ackMs.p99,
        unit: 'ms',
        baseline: { value: acks.bare.ackMs.p99, name: 'bare Bolt' },
        target: { limit: 1.5 * acks.bare.ackMs.p99, text: '≤ 1.5 × bare Bolt p99' },
      },
    ],
  });
}

async function main(): Promise<void> {
  const cpu = cpus();
  const pollIntervalMs = Math.round(REAL_POLL_INTERVAL_MS / TIME_SCALE);
  if (!process.env.BENCH_CHILD)
    process.stdout.write(
      [
        `gpubot bench, ${new Date().toISOString()}: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}`,
        `emulator time scale ${TIME_SCALE} (poll interval ${pollIntervalMs} ms); K = ${K}, notebooks = ${NOTEBOOKS}, acks = ${ACKS}`,
        '',
      ].join('\n'),
    );
  const scenarios = SCENARIOS.filter((name) => ONLY.has(name));
  if (scenarios.length > 1) {
    // Each scenario in a fresh process of its own: the emulator lives in this one, and 1,000
    // clusters' worth of its heap (and their GC) must not slow the scenario after them.
    let met = 0;
    let all = 0;
    for (const name of scenarios) {
      const counted = await runScenarioProcess(name);
      met += counted.met;
      all += counted.of;
    }
    process.stdout.write(`targets met: ${met} of ${all}\n`);
    return;
  }
  const sections: Section[] = [];
  if (ONLY.has('creates')) sections.push(await measureCreates());
  if (ONLY.has('notebooks')) sections.push(await measureNotebooks());
  if (ONLY.has('acks')) sections.push(await measureAcks());
  const targets = sections.flatMap((s) => s.figures).filter((f) => f.target);
  process.stdout.write(`targets met: ${targets.filter((f) => meets(f)).length} of ${targets.length}\n`);
}

const SCENARIOS = ['creates', 'notebooks', 'acks'] as const;

/** One scenario in a child bench process (its output passed through, bar the header); its targets met. */
async function runScenarioProcess(name: string): Promise<{ met: number; of: number }> {
  const child = spawn(process.execPath, process.execArgv.concat(process.argv.slice(1)), {
    env: { ...process.env, BENCH_ONLY: name, BENCH_CHILD: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
  });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  const summary = /^targets met: (\d+) of (\d+)$/m.exec(out);
  process.stdout.write(out.replace(/^targets met: .*\n/m, ''));
  if (code !== 0 || !summary) throw new Error(`the ${name} scenario failed (exit ${code})`);
  return { met: Number(summary[1]), of: Number(summary[2]) };
}

// Interrupted: exit through 'exit', where the worker and receiver processes are killed too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
