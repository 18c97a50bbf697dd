import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';

export interface LocalRedis {
  /** ioredis connection options for the private server (a unix socket). */
  readonly connection: { path: string };
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'gpubot needs Redis. Either set REDIS_URL=redis://host:6379, or install redis-server ' +
  '(Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) and run again.';

async function answers(path: string): Promise<boolean> {
  const probe = new Redis({ path, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** A unix socket path must stay short (about 100 bytes); long state dirs get a hashed one in tmp. */
function socketPath(stateDir: string): string {
  const preferred = join(stateDir, 'redis.sock');
  if (preferred.length < 100) return preferred;
  return join(tmpdir(), `gpubot-redis-${createHash('sha256').update(stateDir).digest('hex').slice(0, 12)}.sock`);
}

/**
 * Starts (or reuses) a private redis-server that keeps its data in the state folder, so queued
 * work survives a restart of the demo. Only used when REDIS_URL is not set.
 */
export async function startLocalRedis(stateDir: string, log: Logger): Promise<LocalRedis> {
  const dir = resolve(stateDir);
  mkdirSync(dir, { recursive: true });
  const path = socketPath(dir);
  if (await answers(path)) {
    log.info({ path }, 'reusing the private redis-server left running in the state folder');
    return { connection: { path }, stop: async () => undefined };
  }
  if (spawnSync('redis-server', ['--version']).error) throw new Error(INSTALL_HINT);
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--unixsocket',
      path,
      '--unixsocketperm',
      '700',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
      '--logfile',
      join(dir, 'redis.log'),
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await answers(path)) {
      log.info({ path }, 'started a private redis-server');
      return {
        connection: { path },
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((done) => setTimeout(done, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`the private redis-server did not start; see ${join(dir, 'redis.log')}`);
}
