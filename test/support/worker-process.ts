import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../../src/emulator/index.js';
import { TEST_REDIS_ENV, TEST_REDIS_PERSISTENCE } from './test-redis.js';
import { emulatorEnv } from './emulated-cloud.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote (JSON log lines and errors). */
  output(): string;
  /** SIGKILL: the process dies at once, mid-job, without cleaning up. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * gpubot in its own process (`node --import tsx src/main.ts`) with exactly the environment given
 * (plus PATH and HOME): any role, any chat platform. The caller can SIGKILL it mid-work.
 */
export function spawnGpubot(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let printed = '';
  const collect = (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
  return {
    child,
    output: () => printed,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * A worker role in its own process, speaking to the test's emulator over HTTP with the real SDKs,
 * sharing the test's Redis and queue prefix.
 */
export function spawnWorker(emulator: Emulator, env: Record<string, string>): WorkerProcess {
  return spawnGpubot({
    GPUBOT_ROLE: 'worker',
    ...emulatorEnv(emulator),
    ...(env.GPUBOT_REDIS_SENTINELS || env.GPUBOT_REDIS_CLUSTER_NODES ? TEST_REDIS_PERSISTENCE : TEST_REDIS_ENV),
    GPUBOT_JOB_LOCK_MS: '1500',
    GPUBOT_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'debug',
    ...env,
  });
}

/**
 * Of `workers`, the one that most recently began running a step of a request whose log line
 * `matches` (each run logs `request running` with its requestId and kind): the worker to kill
 * "mid-job". Undefined while none has.
 */
export function lastRunner(workers: readonly WorkerProcess[], matches: (line: string) => boolean): WorkerProcess | undefined {
  let latest: { worker: WorkerProcess; time: number } | undefined;
  for (const worker of workers) {
    for (const line of worker.output().split('\n')) {
      if (!line.includes('"msg":"request running"') || !matches(line)) continue;
      const time = (JSON.parse(line) as { time: number }).time;
      if (!latest || time >= latest.time) latest = { worker, time };
    }
  }
  return latest?.worker;
}
