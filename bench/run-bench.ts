/**
 * `npm run bench`: measures, never asserts. Runs the bot role in this process and the worker
 * role in a child process (so its RSS is the worker's own), both against the built-in emulator
 * on a compressed clock and a real Redis. Every number is also given as a ratio against the
 * baseline measured in the same run (one provisioning), so results compare across machines.
 *
 *   BENCH_N=200 (concurrent provisionings)  BENCH_TIME_SCALE=600  GPUBOT_TEST_REDIS_URL=redis://127.0.0.1:6379/15
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Queue } from 'bullmq';
import { loadConfig } from '../src/config/config.js';
import { startEmulator } from '../src/emulator/index.js';
import { createLogger } from '../src/log.js';
import { COMMANDS_QUEUE } from '../src/queue/queues.js';
import { startGpubot } from '../src/app/start-gpubot.js';
import { emulatorEnv } from '../test/support/emulated-cloud.js';
import { cleanPrefix, testPrefix, testRedis, TEST_REDIS_ENV } from '../test/support/test-redis.js';
import { ROOMY_LIMITS_ENV } from '../test/support/roomy-limits.js';

const N = Number(process.env.BENCH_N ?? 200);
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 600);

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  const prefix = testPrefix();
  const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-bench-'));
  const emulator = await startEmulator({ timeScale: TIME_SCALE });
  emulator.cloud.setQuota({ clusters: 10_000, managedClusters: 10_000, ecsVcpuPerRegion: 1_000_000 });
  const env = {
    GPUBOT_QUEUE_PREFIX: prefix,
    ...TEST_REDIS_ENV,
    GPUBOT_STATE_DIR: stateDir,
    GPUBOT_SECRET_KEY: 'bench-key',
    ...emulatorEnv(emulator),
    GPUBOT_POLL_INTERVAL_MS: '100',
    GPUBOT_WORKER_CONCURRENCY: String(Math.max(N, 1)),
    LOG_LEVEL: 'warn',
    // One person creates N clusters: far past the per-person limits that protect a real install.
    ...ROOMY_LIMITS_ENV,
  };
  const worker: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, ...env, GPUBOT_ROLE: 'worker' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const bot = await startGpubot(loadConfig({ ...env, GPUBOT_ROLE: 'bot' }), {
    log: createLogger({ level: 'warn' }),
    chatIO: { input, output, user: 'bench' },
  });
  const commands = new Queue(COMMANDS_QUEUE, { connection: bot.settings.connection, prefix: bot.settings.prefix });
  let peakRss = 0;
  const sampler = setInterval(() => {
    if (worker.pid) peakRss = Math.max(peakRss, rssMiB(worker.pid));
  }, 100);

  async function provision(count: number, tag: string): Promise<{ wallMs: number; calls: number }> {
    const callsBefore = Object.values(emulator.cloud.calls()).reduce((a, b) => a + b, 0);
    const started = Date.now();
    for (let i = 0; i < count; i += 1) input.write(`/gpu-cluster create 1 gn6i name=${tag}-${i}\n`);
    await bot.waitUntilIdle(100);
    const calls = Object.values(emulator.cloud.calls()).reduce((a, b) => a + b, 0) - callsBefore;
    return { wallMs: Date.now() - started, calls };
  }

  try {
    await new Promise((done) => setTimeout(done, 2000)); // let the worker process connect
    const idleRss = worker.pid ? rssMiB(worker.pid) : 0;
    const baseline = await provision(1, 'base');
    const baselineRss = peakRss;
    const load = await provision(N, 'load');
    const jobs = await commands.getJobs(['completed', 'failed'], 0, -1);
    const latencies = jobs.filter((job) => job.processedOn).map((job) => (job.processedOn as number) - job.timestamp);
    const failed = jobs.filter((job) => job.failedReason).length;
    const report = {
      n: N,
      timeScale: TIME_SCALE,
      enqueueToStartMs: { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: Math.max(...latencies) },
      baseline: {
        clusters: 1,
        wallMs: baseline.wallMs,
        workerRssMiB: +baselineRss.toFixed(1),
        cloudCallsPerCluster: baseline.calls,
      },
      load: {
        clusters: N,
        failed,
        wallMs: load.wallMs,
        workerPeakRssMiB: +peakRss.toFixed(1),
        workerIdleRssMiB: +idleRss.toFixed(1),
        cloudCallsPerCluster: +(load.calls / N).toFixed(1),
      },
      ratios: {
        wallTimeVsBaseline: +(load.wallMs / baseline.wallMs).toFixed(2),
        workerRssVsBaseline: +(peakRss / Math.max(baselineRss, 1)).toFixed(2),
        cloudCallsPerClusterVsBaseline: +(load.calls / N / Math.max(baseline.calls, 1)).toFixed(2),
      },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    clearInterval(sampler);
    worker.kill('SIGTERM');
    await commands.close();
    await bot.stop();
    await emulator.close();
    const redis = testRedis();
    await cleanPrefix(redis, prefix);
    await redis.quit();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
