import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** redis-server processes a test started; killed when the test process exits, whatever happens. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

export interface RedisProcess {
  readonly port: number;
  /** SIGTERM, then SIGKILL if it does not exit within a few seconds. */
  stop(): Promise<void>;
}

/** Starts `redis-server <args>` (a config file or flags) and waits until it answers PING (with `password` when set). */
export async function startRedisProcess(args: readonly string[], port: number, password?: string): Promise<RedisProcess> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  started.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    started.delete(child);
  };
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) break;
    if (await answersPing(port, password)) return { port, stop };
    await new Promise((done) => setTimeout(done, 50));
  }
  await stop();
  throw new Error(`redis-server ${args.join(' ')} did not start on port ${port}: ${stderr.slice(-500)}`);
}

async function answersPing(port: number, password?: string): Promise<boolean> {
  const probe = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...(password ? { password } : {}),
  });
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

/** Runs redis-cli and returns its output; throws with the output when it fails. */
export function redisCli(args: readonly string[]): string {
  const result = spawnSync('redis-cli', args, { encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw new Error(`redis-cli could not run: ${result.error.message} (install redis-tools)`);
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${output}`);
  return output;
}
