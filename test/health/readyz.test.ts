import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createHealth } from '../../src/health/health.js';
import { pollUntil } from '../support/poll-until.js';
import { privateRedis, type PrivateRedis } from '../support/private-redis.js';
import { TEST_REDIS_PERSISTENCE } from '../support/test-redis.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let redis: PrivateRedis;
let gpubot: ChildProcess;
let output = '';
let base = '';
const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-readyz-'));

async function probe(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: await response.text() };
}

/** Polls a probe until it answers `status`; fails with the last answer. */
async function until(path: string, status: number, timeoutMs = 20_000): Promise<string> {
  let last = { status: 0, body: '' };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    last = await probe(path).catch((error: unknown) => ({ status: -1, body: String(error) }));
    if (last.status === status) return last.body;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${path} never answered ${status}; last: ${last.status}\n${last.body}\n--- gpubot:\n${output.slice(-3000)}`);
}

before(async () => {
  redis = await privateRedis();
  // The whole bot (console chat, emulator) in its own process, as it runs in a pod.
  gpubot = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      REDIS_URL: redis.url,
      // The test's own Redis keeps nothing on disk (the test stops and starts it).
      ...TEST_REDIS_PERSISTENCE,
      GPUBOT_METRICS_PORT: '0',
      GPUBOT_STATE_DIR: stateDir,
      GPUBOT_SECRET_KEY: 'readyz-test-key',
      LOG_LEVEL: 'info',
    },
  });
  gpubot.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  gpubot.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await pollUntil(
    () => /serving \/metrics, \/healthz and \/readyz/.test(output),
    () => output,
    30_000,
  );
  const line = output.split('\n').find((l) => l.includes('serving /metrics'));
  const { host, port } = JSON.parse(line as string) as { host: string; port: number };
  assert.equal(host, '127.0.0.1', 'loopback unless GPUBOT_METRICS_HOST says otherwise');
  base = `http://127.0.0.1:${port}`;
});

after(async () => {
  if (gpubot.exitCode === null) {
    const exited = new Promise((done) => gpubot.once('exit', done));
    gpubot.kill('SIGTERM');
    await exited;
  }
  await redis.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

test(
  '/readyz follows Redis: ready, unready (saying why) while it is down, ready again when it returns',
  { timeout: 90_000 },
  async () => {
    const ready = await until('/readyz', 200);
    assert.match(ready, /^\[\+\]lifecycle ok: started$/m);
    assert.match(ready, /^\[\+\]redis ok: PING answered$/m);
    assert.match(ready, /^\[\+\]chat-console ok: reading commands$/m);
    assert.match(ready, /^\[\+\]cloud-credentials ok: /m);
    assert.match(ready, /readyz check passed\n$/);

    await redis.stop();
    const down = await until('/readyz', 503);
    assert.match(down, /^\[-\]redis failed: /m);
    assert.match(down, /^\[\+\]chat-console ok/m, 'only what failed is marked failed');
    assert.match(down, /readyz check failed\n$/);
    const live = await probe('/healthz');
    assert.equal(live.status, 200, 'a Redis outage is no reason to restart the process');
    assert.match(live.body, /^\[\+\]event-loop ok: longest delay \d+ ms$/m);

    await redis.start();
    assert.match(await until('/readyz', 200), /^\[\+\]redis ok: PING answered$/m);
  },
);

test('/healthz fails when the event loop was blocked', async () => {
  const health = createHealth({ blockedMs: 200 });
  try {
    await new Promise((done) => setTimeout(done, 100));
    assert.equal((await health.liveness()).ok, true);
    const until = Date.now() + 600;
    while (Date.now() < until); // a synchronous stall, as a runaway loop would cause
    await new Promise((done) => setTimeout(done, 100)); // the probe arrives once the loop turns again
    const answer = await health.liveness();
    assert.equal(answer.ok, false);
    assert.match(answer.body, /^\[-\]event-loop failed: blocked for \d+ ms within the last 30 s$/m);
    assert.equal((await health.readiness()).ok, false, 'not ready before the roles started');
    assert.match((await health.readiness()).body, /\[-\]lifecycle failed: still starting/);
  } finally {
    health.close();
  }
});
