import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { pollUntilAsync } from './poll-until.js';
import { freePort, redisCli, startRedisProcess, type RedisProcess } from './redis-processes.js';

export interface RedisClusterFixture {
  /** `127.0.0.1:<port>` of every master, for GPUBOT_REDIS_CLUSTER_NODES. */
  readonly nodes: readonly string[];
  /** A Cluster client for the test's own reads (slots, keys). */
  client(): Cluster;
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster of three masters and no replicas on free loopback ports, its files in a
 * temporary folder: `redis-server --cluster-enabled yes` three times, `redis-cli --cluster create`,
 * then wait until every node reports `cluster_state:ok`.
 */
export async function startRedisCluster(masters = 3): Promise<RedisClusterFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'gpubot-redis-cluster-'));
  const processes: RedisProcess[] = [];
  const clients: Cluster[] = [];
  const stop = async () => {
    for (const client of clients) client.disconnect();
    for (const process of processes) await process.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i += 1) {
      // The cluster bus needs its own port; the default (port + 10000) may be taken or out of range.
      const [port, busPort] = [await freePort(), await freePort()];
      processes.push(
        await startRedisProcess(
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-port',
            String(busPort),
            '--cluster-config-file',
            join(dir, `nodes-${port}.conf`),
            '--cluster-node-timeout',
            '5000',
            '--dir',
            dir,
            '--save',
            '',
            '--appendonly',
            'no',
            '--logfile',
            join(dir, `redis-${port}.log`),
          ],
          port,
        ),
      );
    }
    const nodes = processes.map((p) => `127.0.0.1:${p.port}`);
    redisCli(['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
    for (const p of processes) {
      const node = new Redis({ port: p.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
      try {
        await pollUntilAsync(
          async () => {
            const info = await node.cluster('INFO');
            return /cluster_state:ok/.test(info) && /cluster_known_nodes:(\d+)/.exec(info)?.[1] === String(masters);
          },
          () => `the Redis Cluster node on port ${p.port} did not reach cluster_state:ok`,
          30_000,
        );
      } finally {
        node.disconnect();
      }
    }
    return {
      nodes,
      client() {
        const client = new Cluster(
          processes.map((p) => ({ host: '127.0.0.1', port: p.port })),
          { redisOptions: { maxRetriesPerRequest: null } },
        );
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
