#!/usr/bin/env node
import { ConfigError, describeConfig, loadConfig, redactConfig } from './config/config.js';
import { createLogger } from './log.js';
import { startGpubot, type RunningGpubot } from './app/start-gpubot.js';

/** A piped script waits for the cluster expiries due within this many real milliseconds before it exits. */
const DEMO_EXPIRY_WAIT_MS = 2 * 60_000;

/**
 * Entry point. With nothing configured it runs the console demo against the built-in emulator
 * and a private Redis; piped input (a script of commands) exits once all its work is done.
 * `--print-config` prints the effective configuration (secrets redacted) and exits.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  if (process.argv.includes('--print-config')) {
    process.stdout.write(`${redactConfig(config)}\n`);
    return;
  }
  const log = createLogger({ level: config.logLevel });
  log.info({ settings: describeConfig(config) }, 'starting gpubot');
  // eslint-disable-next-line prefer-const -- assigned once, after the handlers that read it are installed
  let running: RunningGpubot | undefined;
  let stopping = false;
  const shutdown = async (code: number, signal?: string) => {
    if (stopping) return;
    stopping = true;
    if (signal)
      log.info({ signal, graceMs: config.shutdownGraceMs }, 'stopping: taking no new work, letting running steps checkpoint');
    // Kubernetes sends SIGKILL after terminationGracePeriodSeconds: leave on our own before that.
    // Whatever has not finished by then resumes on another worker from its last checkpoint.
    setTimeout(() => {
      log.warn({ graceMs: config.shutdownGraceMs }, 'shutdown grace ran out; leaving unfinished work to other processes');
      process.exit(code);
    }, config.shutdownGraceMs);
    await running?.stop();
    if (signal) log.info('stopped');
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0, 'SIGINT'));
  process.once('SIGTERM', () => void shutdown(0, 'SIGTERM'));
  running = await startGpubot(config, {
    log,
    chatIO: {
      input: process.stdin,
      output: process.stdout,
      // A piped script ended: finish what it asked for, and the expiries coming due soon (a demo
      // with a short ttl= shows its cluster warned of and deleted), then leave.
      onEnd: () => void running?.waitUntilIdle(200, { expiriesWithinMs: DEMO_EXPIRY_WAIT_MS }).then(() => shutdown(0)),
      // A piped script runs one command at a time; typed commands are never held back.
      ...(process.stdin.isTTY ? {} : { betweenCommands: async () => running?.waitUntilIdle() }),
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`gpubot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
