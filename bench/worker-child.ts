import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { imageNodeOptions } from './image-node-flags.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The compiled worker, as a deployment runs it (`npm run build`; deploy/run-bench.sh builds it first). */
const ENTRY = 'dist/main.js';

export interface WorkerChild {
  readonly pid: number | undefined;
  /** The highest resident set size seen since the last `resetPeak`, in MiB. */
  peakRssMiB(): number;
  rssMiB(): number;
  resetPeak(): void;
  stop(): Promise<void>;
}

function readRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** ONE worker process (GPUBOT_ROLE=worker) with the image's NODE_OPTIONS, its RSS sampled every 50 ms from /proc. */
export function startWorkerChild(env: Record<string, string>): WorkerChild {
  if (!existsSync(`${ROOT}${ENTRY}`)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
  const nodeOptions = [imageNodeOptions(readFileSync(`${ROOT}Dockerfile`, 'utf8')), process.env.BENCH_WORKER_NODE_OPTIONS];
  const child = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // BENCH_WORKER_NODE_OPTIONS come last: they override the image's (e.g. a profiler's flags).
      NODE_OPTIONS: nodeOptions.filter(Boolean).join(' '),
      ...env,
      GPUBOT_ROLE: 'worker',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // A bench that dies leaves no worker behind.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  let peak = 0;
  const sample = () => {
    if (child.pid !== undefined) peak = Math.max(peak, readRssMiB(child.pid));
  };
  const sampler = setInterval(sample, 50);
  return {
    pid: child.pid,
    peakRssMiB: () => (sample(), peak),
    rssMiB: () => (child.pid === undefined ? 0 : readRssMiB(child.pid)),
    resetPeak: () => {
      peak = 0;
    },
    async stop() {
      clearInterval(sampler);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', orphan);
    },
  };
}
