import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pollUntilAsync } from './poll-until.js';
import { freePort, startRedisProcess, type RedisProcess } from './redis-processes.js';

export interface RedisSentinelFixture {
  /** `127.0.0.1:<port>` of the Sentinel, for GPUBOT_REDIS_SENTINELS. */
  readonly sentinel: string;
  readonly masterName: string;
  /** The master's password (requirepass) and the Sentinel's own. */
  readonly password: string;
  readonly sentinelPassword: string;
  /** A direct client of the master, for the test's own reads. */
  master(): Redis;
  stop(): Promise<void>;
}

/**
 * One password-protected master and one password-protected Sentinel that monitors it, on free
 * loopback ports, their files in a temporary folder (Sentinel rewrites its config file).
 */
export async function startRedisSentinel(): Promise<RedisSentinelFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'gpubot-redis-sentinel-'));
  const password = 'master-pass-5c1e';
  const sentinelPassword = 'sentinel-pass-9d2a';
  const masterName = 'gpubot-master';
  const processes: RedisProcess[] = [];
  const clients: Redis[] = [];
  const stop = async () => {
    for (const client of clients) client.disconnect();
    for (const process of processes.reverse()) await process.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const masterPort = await freePort();
    processes.push(
      await startRedisProcess(
        [
          '--port',
          String(masterPort),
          '--bind',
          '127.0.0.1',
          '--requirepass',
          password,
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--logfile',
          join(dir, 'master.log'),
        ],
        masterPort,
        password,
      ),
    );
    const sentinelPort = await freePort();
    const config = join(dir, 'sentinel.conf');
    writeFileSync(
      config,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `logfile ${join(dir, 'sentinel.log')}`,
        `requirepass ${sentinelPassword}`,
        `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 1`,
        `sentinel auth-pass ${masterName} ${password}`,
        '',
      ].join('\n'),
    );
    processes.push(await startRedisProcess([config, '--sentinel'], sentinelPort, sentinelPassword));
    const sentinel = new Redis({ port: sentinelPort, host: '127.0.0.1', password: sentinelPassword, maxRetriesPerRequest: 1 });
    try {
      await pollUntilAsync(
        async () => {
          const address = (await sentinel.call('SENTINEL', 'get-master-addr-by-name', masterName)) as string[] | null;
          return address?.[1] === String(masterPort);
        },
        () => `the Sentinel on port ${sentinelPort} does not know master ${masterName}`,
        30_000,
      );
    } finally {
      sentinel.disconnect();
    }
    return {
      sentinel: `127.0.0.1:${sentinelPort}`,
      masterName,
      password,
      sentinelPassword,
      master() {
        const client = new Redis({ port: masterPort, host: '127.0.0.1', password, maxRetriesPerRequest: null });
        clients.push(client);
        return client;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
