import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { cleanPrefix, testPrefix, testRedis, TEST_REDIS_ENV } from '../support/test-redis.js';

/**
 * The piped demo of a whole time to live, as the README shows it: a script creates a cluster with
 * a short ttl=, and the demo stays until the owner has been warned and the cluster deleted, then
 * exits on its own. The emulator's clock scale makes the hour pass in seconds.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const redis = testRedis();
const prefix = testPrefix();
const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-demo-expiry-'));

after(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
  rmSync(stateDir, { recursive: true, force: true });
});

function runDemo(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...TEST_REDIS_ENV,
      GPUBOT_QUEUE_PREFIX: prefix,
      GPUBOT_STATE_DIR: stateDir,
      GPUBOT_SECRET_KEY: 'demo-expiry-sealing-key',
      GPUBOT_EMULATOR_TIME_SCALE: '600',
      GPUBOT_CLUSTER_WARN_BEFORE: '30m',
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(script);
  return new Promise((done) => child.once('exit', (code) => done({ code, stdout, stderr })));
}

test('a piped demo shows a cluster warned of, then deleted at its expiry, and exits', { timeout: 240_000 }, async () => {
  const { code, stdout, stderr } = await runDemo('/gpu-cluster create 1 gn5 name=brief ttl=1h\n');
  assert.equal(code, 0, stderr.slice(-2000));
  const lines = stdout.split('\n');
  const first = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
  const all = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).length;
  const ready = first(/^\[private to \S+\] ✅ Your cluster brief is ready/);
  const warned = first(/^\[private to \S+\] ⚠ Cluster brief expires in/);
  const buttons = first(/^\[private to \S+\] {3}\[Extend 2h\] \/gpu-cluster extend brief 2h/);
  const deleting = first(/^\[#console\] ⏳ Delete expired cluster brief/);
  const note = first(/^\[#console\] ✅ Cluster brief \(c\w+\) was deleted: its time to live ran out/);
  const dm = first(/^\[private to \S+\] ✅ Your cluster brief \(c\w+\) reached the end of its time to live/);
  assert.ok(ready >= 0, stdout);
  assert.ok(ready < warned && warned < buttons && buttons < deleting && deleting < note, stdout);
  assert.ok(dm > deleting, stdout);
  assert.equal(all(/⚠ Cluster brief expires in/), 1, 'one warning');
  assert.equal(all(/was deleted: its time to live ran out/), 1, 'one deletion');
  assert.equal(await redis.hlen(`${prefix}:lifecycle:clusters`), 0, 'nothing kept about the cluster');
});
