import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config/config.js';
import { startGpubot, type RunningGpubot } from '../../src/app/start-gpubot.js';
import type { KubeConnector } from '../../src/kube/port.js';
import { captureLog } from './capture-log.js';
import { connectRedis } from '../../src/queue/redis-connection.js';
import { ROOMY_LIMITS_ENV } from './roomy-limits.js';
import { cleanPrefix, testPrefix, TEST_REDIS_PERSISTENCE, TEST_REDIS_URL } from './test-redis.js';
import { waitForMatch } from './poll-until.js';
import { QUIET_LIFECYCLE_ENV } from './lifecycle-env.js';

export interface ConsoleHarness {
  readonly bot: RunningGpubot;
  readonly prefix: string;
  /** Types a line into the console chat. */
  send(line: string): void;
  /** Everything the console printed so far. */
  output(): string;
  /** Everything logged so far (JSON lines). */
  logs(): string;
  /** Resolves when the output matches, or fails with the output so far. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

/**
 * The whole bot in this process: console chat on streams, the emulator, a real Redis (test db, own
 * prefix; or the Sentinel or Cluster that `env` names).
 */
export async function startConsoleHarness(
  env: Record<string, string> = {},
  options: { readonly kube?: KubeConnector } = {},
): Promise<ConsoleHarness> {
  const prefix = testPrefix();
  const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-test-'));
  const otherRedis = env.GPUBOT_REDIS_CLUSTER_NODES || env.GPUBOT_REDIS_SENTINELS;
  const config = loadConfig({
    GPUBOT_QUEUE_PREFIX: prefix,
    ...TEST_REDIS_PERSISTENCE,
    ...(otherRedis ? {} : { REDIS_URL: TEST_REDIS_URL }),
    GPUBOT_STATE_DIR: stateDir,
    GPUBOT_SECRET_KEY: 'test-sealing-key',
    GPUBOT_EMULATOR_TIME_SCALE: '3000',
    ...QUIET_LIFECYCLE_ENV,
    LOG_LEVEL: 'debug',
    ...ROOMY_LIMITS_ENV,
    ...env,
  });
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const captured = captureLog();
  const bot = await startGpubot(config, {
    log: captured.log,
    chatIO: { input, output, user: 'alice' },
    ...(options.kube ? { kube: options.kube } : {}),
  });
  return {
    bot,
    prefix,
    send: (line) => input.write(`${line}\n`),
    output: () => printed,
    logs: captured.text,
    waitFor: (pattern, timeoutMs = 20_000) =>
      waitForMatch(
        () => printed,
        pattern,
        () => `timed out waiting for ${pattern}; console so far:\n${printed}`,
        timeoutMs,
      ),
    async stop() {
      input.end();
      await bot.stop();
      if (!config.redis) throw new Error('the harness always configures a Redis');
      const redis = connectRedis(config.redis);
      await cleanPrefix(redis, prefix);
      await redis.quit();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
