import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '../src/emulator/index.js';
import { emulatorEnv } from '../test/support/emulated-cloud.js';
import { FakeSlack } from '../test/fakes/slack/fake-slack.js';
import { postSignedForm, slashCommandFields } from '../test/fakes/slack/signed-request.js';
import { cleanPrefix, testPrefix, testRedis, TEST_REDIS_ENV } from '../test/support/test-redis.js';
import { imageNodeOptions } from './image-node-flags.js';
import { BENCH_LIMITS_ENV, until } from './rig.js';
import { spread, type Spread } from './stats.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SIGNING_SECRET = 'bench-signing-secret-3c9f2e71';

export interface AckRun {
  readonly requests: number;
  readonly concurrency: number;
  readonly ackMs: Spread;
  /** Answers other than 200 (each still timed). */
  readonly errors: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

function startChild(args: string[], env: Record<string, string>): { child: ChildProcess; stop(): Promise<void> } {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // A bench that dies leaves no receiver behind.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', orphan);
    },
  };
}

interface Timed {
  readonly times: number[];
  readonly errors: number;
}

/** `requests` signed `/gpu-cluster create` commands, `concurrency` in flight at a time; each one's time to its ack. */
async function load(url: string, slack: FakeSlack, requests: number, concurrency: number, tag: string): Promise<Timed> {
  const times: number[] = [];
  let errors = 0;
  let next = 0;
  const one = async (): Promise<void> => {
    for (let i = next++; i < requests; i = next++) {
      const fields = slashCommandFields({
        command: '/gpu-cluster',
        text: `create 1 gn6i name=${tag}-${i}`,
        userId: 'U0BENCH01',
        userName: 'bench',
        channelId: 'C0BENCH001',
        responseUrl: slack.responseUrl(),
      });
      const result = await postSignedForm(url, SIGNING_SECRET, fields);
      times.push(result.elapsedMs);
      if (result.status !== 200) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, one));
  return { times, errors };
}

function pooled(runs: readonly Timed[], concurrency: number): AckRun {
  const times = runs.flatMap((run) => run.times);
  const errors = runs.reduce((sum, run) => sum + run.errors, 0);
  return { requests: times.length, concurrency, ackMs: spread(times), errors };
}

async function whenListening(url: string): Promise<void> {
  // An unsigned request is refused (401) once the receiver listens.
  await until(
    async () => {
      try {
        return (await fetch(url, { method: 'POST', body: '' })).status > 0;
      } catch {
        return false;
      }
    },
    `a Slack receiver at ${url}`,
    60_000,
  );
}

/**
 * The same signed slash-command load over real HTTP against gpubot's Slack adapter (the bot role
 * in its own process: Bolt receiver, requester checks, pricing, the queue) and against a bare Bolt
 * App that only acks, both with the image's NODE_OPTIONS. Warmed up with `requests / 10` first,
 * each; then `rounds` rounds of `requests / rounds` each, alternating which goes first, pooled.
 */
export async function runSlashAck(
  emulator: Emulator,
  requests: number,
  concurrency: number,
  rounds: number,
): Promise<{ gpubot: AckRun; bare: AckRun }> {
  const slack = await FakeSlack.start();
  const prefix = testPrefix();
  const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-bench-ack-'));
  const gpubotPort = await freePort();
  const barePort = await freePort();
  // Both run as the image runs the bot; BENCH_BOT_NODE_OPTIONS come last, for gpubot's (e.g. a profiler's flags).
  const imageOptions = imageNodeOptions(readFileSync(`${ROOT}Dockerfile`, 'utf8'));
  const gpubot = startChild(['dist/main.js'], {
    NODE_OPTIONS: [imageOptions, process.env.BENCH_BOT_NODE_OPTIONS].filter(Boolean).join(' '),
    GPUBOT_ROLE: 'bot',
    GPUBOT_CHAT: 'slack',
    GPUBOT_QUEUE_PREFIX: prefix,
    ...TEST_REDIS_ENV,
    GPUBOT_STATE_DIR: stateDir,
    GPUBOT_SECRET_KEY: 'bench-sealing-key',
    ...emulatorEnv(emulator),
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: String(gpubotPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    ...BENCH_LIMITS_ENV,
  });
  const bare = startChild(['--import', 'tsx', 'bench/bare-bolt.ts'], {
    NODE_OPTIONS: imageOptions,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: String(barePort),
  });
  try {
    const gpubotUrl = `http://127.0.0.1:${gpubotPort}/slack/events`;
    const bareUrl = `http://127.0.0.1:${barePort}/slack/events`;
    await Promise.all([whenListening(gpubotUrl), whenListening(bareUrl)]);
    const warm = Math.max(1, Math.round(requests / 10));
    await load(gpubotUrl, slack, warm, concurrency, 'warm');
    await load(bareUrl, slack, warm, concurrency, 'warm');
    // Rounds alternate which goes first, so a hiccup of the machine (this process's GC, another
    // process) lands on both alike: the tail of one short run is mostly such hiccups.
    const perRound = Math.ceil(requests / rounds);
    const bareRuns: Timed[] = [];
    const gpubotRuns: Timed[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const bareRound = async () => bareRuns.push(await load(bareUrl, slack, perRound, concurrency, `bare${round}`));
      const gpubotRound = async () => gpubotRuns.push(await load(gpubotUrl, slack, perRound, concurrency, `ack${round}`));
      if (round % 2 === 0) await bareRound().then(gpubotRound);
      else await gpubotRound().then(bareRound);
    }
    return { gpubot: pooled(gpubotRuns, concurrency), bare: pooled(bareRuns, concurrency) };
  } finally {
    await Promise.all([gpubot.stop(), bare.stop()]);
    await slack.close();
    const redis = testRedis();
    await cleanPrefix(redis, prefix);
    await redis.quit();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
