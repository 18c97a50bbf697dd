import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startGpubot, type RunningGpubot } from '../src/app/start-gpubot.js';
import { loadConfig } from '../src/config/config.js';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import { createLogger } from '../src/log.js';
import { emulatorEnv } from '../test/support/emulated-cloud.js';
import { ROOMY_LIMITS_ENV } from '../test/support/roomy-limits.js';
import { cleanPrefix, testPrefix, testRedis, TEST_REDIS_ENV } from '../test/support/test-redis.js';
import { ConsoleLines } from './console-lines.js';
import { startWorkerChild, type WorkerChild } from './worker-child.js';

export const BENCH_USER = 'bench';

/**
 * One person types every command here: past the per-person command rate and the price above which
 * a create waits for a confirmation or an approval, as past the spend limits (ROOMY_LIMITS_ENV).
 */
export const BENCH_LIMITS_ENV: Readonly<Record<string, string>> = {
  ...ROOMY_LIMITS_ENV,
  GPUBOT_COMMANDS_PER_MINUTE: '1000000',
  GPUBOT_CONFIRM_ABOVE: '100000000',
  GPUBOT_APPROVE_ABOVE: '100000000',
};

/** The poll interval a deployment uses (10 s against a ~10 min creation), on the emulator's compressed clock. */
export const REAL_POLL_INTERVAL_MS = 10_000;

export interface Rig {
  readonly emulator: Emulator;
  readonly worker: WorkerChild;
  readonly bot: RunningGpubot;
  readonly console: ConsoleLines;
  readonly timeScale: number;
  readonly pollIntervalMs: number;
  /** Real time (ms) at which the emulator's clock started: emulated time is `start + (real - start) * timeScale`. */
  readonly clockStart: number;
  /** Types a command into the console chat, as the bench user. */
  send(line: string): void;
  stop(): Promise<void>;
}

/**
 * The emulator (ACK, ECS and Kubernetes over loopback HTTP) and the bot role (console chat) in this
 * process, the worker role in ONE child process, all on one real Redis under a fresh prefix.
 * Limits and quotas are roomy: one person creates every cluster here.
 */
export async function startRig(timeScale: number): Promise<Rig> {
  const pollIntervalMs = Math.round(REAL_POLL_INTERVAL_MS / timeScale);
  const prefix = testPrefix();
  const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-bench-'));
  const clockStart = Date.now();
  const emulator = await startEmulator({ timeScale });
  emulator.cloud.setQuota({ clusters: 100_000, managedClusters: 100_000, nodesPerCluster: 1000, ecsVcpuPerRegion: 10_000_000 });
  const env: Record<string, string> = {
    GPUBOT_QUEUE_PREFIX: prefix,
    ...TEST_REDIS_ENV,
    GPUBOT_STATE_DIR: stateDir,
    GPUBOT_SECRET_KEY: 'bench-sealing-key',
    ...emulatorEnv(emulator),
    GPUBOT_POLL_INTERVAL_MS: String(pollIntervalMs),
    GPUBOT_MAX_NODES_PER_CLUSTER: '1000',
    LOG_LEVEL: 'warn',
    ...BENCH_LIMITS_ENV,
  };
  const worker = startWorkerChild(env);
  const input = new PassThrough();
  const output = new ConsoleLines();
  const bot = await startGpubot(loadConfig({ ...env, GPUBOT_ROLE: 'bot' }), {
    log: createLogger({ level: 'warn' }),
    chatIO: { input, output, user: BENCH_USER },
  });
  return {
    emulator,
    worker,
    bot,
    console: output,
    timeScale,
    pollIntervalMs,
    clockStart,
    send: (line) => input.write(`${line}\n`),
    async stop() {
      input.end();
      await worker.stop();
      await bot.stop();
      await emulator.close();
      const redis = testRedis();
      await cleanPrefix(redis, prefix);
      await redis.quit();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `done()` holds, checking every `everyMs`; rejects after `timeoutMs` with `what`. */
export async function until(
  done: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  everyMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
