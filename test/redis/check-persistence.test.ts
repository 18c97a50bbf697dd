import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { startGpubot } from '../../src/app/start-gpubot.js';
import { loadConfig } from '../../src/config/config.js';
import { checkRedisPersistence, judgePersistence, readPersistence } from '../../src/redis/check-persistence.js';
import { startLocalRedis } from '../../src/redis/start-local-redis.js';
import { captureLog } from '../support/capture-log.js';
import { pollUntil } from '../support/poll-until.js';

/**
 * The persistence check against private redis-server processes (never the shared test Redis,
 * whose configuration tests leave alone): with and without AOF, with an eviction policy, and
 * with CONFIG disabled as on managed Redis services.
 */
interface PrivateRedis {
  readonly client: Redis;
  readonly socket: string;
  stop(): Promise<void>;
}

const dirs: string[] = [];

async function privateRedis(args: string[]): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'gpubot-redis-check-'));
  dirs.push(dir);
  const socket = join(dir, 'redis.sock');
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', '0', '--unixsocket', socket, '--dir', dir, '--save', '', '--logfile', join(dir, 'redis.log'), ...args],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await pollUntil(
    () => existsSync(socket) || child.exitCode !== null,
    () => `redis-server ${args.join(' ')} did not start`,
    10_000,
  );
  if (child.exitCode !== null) throw new Error(`redis-server ${args.join(' ')} exited: see ${join(dir, 'redis.log')}`);
  const client = new Redis({ path: socket, maxRetriesPerRequest: 1 });
  await client.ping();
  return {
    client,
    socket,
    async stop() {
      client.disconnect();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('Redis persistence check', () => {
  const servers: PrivateRedis[] = [];
  let aof: PrivateRedis;
  let noAof: PrivateRedis;
  let evicting: PrivateRedis;
  let managed: PrivateRedis;
  let managedNoAof: PrivateRedis;

  before(async () => {
    aof = await privateRedis(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']);
    noAof = await privateRedis(['--appendonly', 'no', '--maxmemory-policy', 'noeviction']);
    evicting = await privateRedis(['--appendonly', 'yes', '--maxmemory-policy', 'allkeys-lru']);
    managed = await privateRedis(['--appendonly', 'yes', '--rename-command', 'CONFIG', '']);
    managedNoAof = await privateRedis(['--appendonly', 'no', '--rename-command', 'CONFIG', '']);
    servers.push(aof, noAof, evicting, managed, managedNoAof);
  });
  after(async () => {
    for (const server of servers) await server.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('reads AOF and the eviction policy with CONFIG GET, or from INFO when CONFIG is disabled', async () => {
    assert.deepEqual(await readPersistence(aof.client), {
      source: 'config',
      appendonly: true,
      appendfsync: 'everysec',
      maxmemoryPolicy: 'noeviction',
    });
    assert.deepEqual(await readPersistence(managed.client), { source: 'info', appendonly: true, maxmemoryPolicy: 'noeviction' });
    assert.equal((await readPersistence(managedNoAof.client)).appendonly, false);
  });

  it('a Redis with AOF and noeviction passes', async () => {
    const { log, text } = captureLog();
    const verdict = await checkRedisPersistence(aof.client, 'verify', log);
    assert.deepEqual(verdict.problems, []);
    assert.match(text(), /Redis persistence verified/);
  });

  it('refuses to start on a Redis without AOF, saying why and what to set', async () => {
    await assert.rejects(checkRedisPersistence(noAof.client, 'verify', captureLog().log), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /AOF is off \(appendonly no\)/);
      assert.match(error.message, /set appendonly yes/);
      assert.match(error.message, /GPUBOT_REDIS_PERSISTENCE=managed/);
      assert.match(error.message, /GPUBOT_REDIS_PERSISTENCE=unsafe/);
      return true;
    });
  });

  it('refuses a Redis that evicts keys', async () => {
    await assert.rejects(checkRedisPersistence(evicting.client, 'verify', captureLog().log), /maxmemory-policy is allkeys-lru/);
  });

  it('with the unsafe override it starts, with a loud warning', async () => {
    const { log, text } = captureLog();
    const verdict = await checkRedisPersistence(noAof.client, 'unsafe', log);
    assert.equal(verdict.problems.length, 1);
    const line = JSON.parse(text().trim().split('\n').at(-1) as string) as { level: number; msg: string };
    assert.equal(line.level, 50, 'logged at error level');
    assert.match(line.msg, /^UNSAFE: Redis would lose acknowledged work/);
  });

  it('managed Redis (CONFIG disabled): INFO answers; AOF off there is still refused, even as managed', async () => {
    await checkRedisPersistence(managed.client, 'verify', captureLog().log);
    await assert.rejects(checkRedisPersistence(managedNoAof.client, 'managed', captureLog().log), /AOF is off/);
  });

  it('what the service will not say is refused by verify and vouched for by managed', async () => {
    assert.deepEqual(judgePersistence({ source: 'none' }).unknown, [
      'whether AOF is on (appendonly)',
      'the eviction policy (maxmemory-policy)',
    ]);
    const silent = {
      config: () => Promise.reject(new Error("ERR unknown command 'CONFIG'")),
      info: () => Promise.reject(new Error("NOPERM this user has no permissions to run the 'info' command")),
    } as unknown as Redis;
    await assert.rejects(checkRedisPersistence(silent, 'verify', captureLog().log), /Redis does not say whether AOF is on/);
    const { log, text } = captureLog();
    await checkRedisPersistence(silent, 'managed', log);
    assert.match(text(), /vouched for by the operator/);
  });

  it('gpubot refuses to start against a Redis without AOF, and starts with the override', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-redis-start-'));
    dirs.push(stateDir);
    const port = await noAofTcpPort();
    const env = { GPUBOT_ROLE: 'bot', REDIS_URL: `redis://127.0.0.1:${port}/0`, GPUBOT_STATE_DIR: stateDir, LOG_LEVEL: 'silent' };
    // The console chat of the bot role reads nothing here: an empty script.
    const chatIO = { input: Readable.from([]), output: new PassThrough() };
    await assert.rejects(startGpubot(loadConfig(env), { log: captureLog().log, chatIO }), /AOF is off/);
    const running = await startGpubot(loadConfig({ ...env, GPUBOT_REDIS_PERSISTENCE: 'unsafe' }), {
      log: captureLog().log,
      chatIO,
    });
    await running.stop();
  });

  it("the demo's private Redis runs with AOF and passes the check", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'gpubot-redis-demo-'));
    dirs.push(stateDir);
    const local = await startLocalRedis(stateDir, captureLog().log);
    const client = new Redis({ path: local.connection.path });
    try {
      assert.equal((await readPersistence(client)).appendonly, true);
      await checkRedisPersistence(client, 'verify', captureLog().log);
    } finally {
      client.disconnect();
      await local.stop();
    }
  });

  /** A TCP listener for the no-AOF server (REDIS_URL takes host and port). */
  async function noAofTcpPort(): Promise<number> {
    const server = await privateRedis(['--appendonly', 'no', '--port', String(await freePort()), '--bind', '127.0.0.1']);
    servers.push(server);
    const [, port] = (await server.client.config('GET', 'port')) as string[];
    return Number(port);
  }
});

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
