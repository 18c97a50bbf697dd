import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { EmulatorClock } from './clock.js';
import type { ObjectStore } from './object-store.js';
import { readMountedFile } from './resolve-mounted-file.js';
import type { EmulatedJupyterControl, KubeObject } from './types.js';

interface ContainerLike {
  name: string;
  command?: string[];
  args?: string[];
  securityContext?: { runAsUser?: number };
}

/** What a container running Jupyter does with its flags, or why it exits at once. */
export type JupyterLaunch =
  { ok: true; port: number; tls?: { cert: Buffer; key: Buffer } } | { ok: false; exitCode: number; message: string };

function flag(line: string, names: readonly string[]): string | undefined {
  for (const name of names) {
    const match = new RegExp(`--${name.replace(/\./g, '\\.')}=("[^"]*"|'[^']*'|\\S+)`).exec(line);
    if (match?.[1]) return match[1].replace(/^["']|["']$/g, '');
  }
  return undefined;
}

/** The uid a container runs as: its own securityContext, the pod's, else the image's (emulated images run as root). */
export function runAsUserOf(pod: KubeObject, container: ContainerLike): number {
  const podContext = (pod['spec'] as { securityContext?: { runAsUser?: number } }).securityContext;
  return container.securityContext?.runAsUser ?? podContext?.runAsUser ?? 0;
}

/**
 * Reads a container's command the way Jupyter reads its command line: `undefined` when it does not
 * run Jupyter. Jupyter refuses to run as root without `--allow-root`, and exits when its
 * certificate or key file cannot be read.
 */
export function launchJupyter(store: ObjectStore, pod: KubeObject, container: ContainerLike): JupyterLaunch | undefined {
  const line = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  if (!/\bjupyter(-|\s+)(notebook|lab|server)\b/.test(line)) return undefined;
  if (runAsUserOf(pod, container) === 0 && !/--allow-root\b/.test(line)) {
    return { ok: false, exitCode: 1, message: 'Running as root is not recommended. Use --allow-root to bypass.' };
  }
  const port = Number(flag(line, ['port', 'ServerApp.port', 'NotebookApp.port']) ?? 8888);
  const certPath = flag(line, ['certfile', 'ServerApp.certfile', 'NotebookApp.certfile']);
  const keyPath = flag(line, ['keyfile', 'ServerApp.keyfile', 'NotebookApp.keyfile']);
  if (!certPath) return { ok: true, port };
  const cert = readMountedFile(store, pod, container.name, certPath);
  const key = keyPath ? readMountedFile(store, pod, container.name, keyPath) : undefined;
  if (!cert || !key) {
    const missing = !cert ? certPath : (keyPath ?? '(no keyfile)');
    return { ok: false, exitCode: 1, message: `FileNotFoundError: [Errno 2] No such file or directory: '${missing}'` };
  }
  return { ok: true, port, tls: { cert, key } };
}

/** Jupyter's HTTP surface, as much as probes and tests touch: the version endpoint and the login page. */
const serveJupyter: RequestListener = (req, res) => {
  if (req.url === '/api' || req.url === '/api/') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ version: '2.14.2' }));
  } else if (req.url?.startsWith('/login')) {
    res
      .writeHead(200, { 'Content-Type': 'text/html' })
      .end('<html><title>Jupyter Server</title><form method="post"></form></html>');
  } else {
    res.writeHead(302, { Location: `/login?next=${encodeURIComponent(req.url ?? '/')}` }).end();
  }
};

/** A loopback server standing in for the container's Jupyter: HTTPS with its own certificate when it has one. */
export function createJupyterServer(tls: { cert: Buffer; key: Buffer } | undefined): Server {
  return tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, serveJupyter) : createHttpServer(serveJupyter);
}

interface Kernel {
  id: string;
  name: string;
  last_activity: string;
  execution_state: 'busy' | 'idle';
  connections: number;
}

/**
 * The activity an emulated Jupyter reports, on the emulator's clock, in Jupyter's own JSON:
 * `/api/status` (`started`, `last_activity`, `connections`, `kernels`), `/api/kernels` and
 * `/api/terminals`. Started with no kernel and no terminal, last active when it started.
 */
export class JupyterActivity implements EmulatedJupyterControl {
  private readonly started: string;
  private lastActivity: string;
  private readonly kernels: Kernel[] = [];
  private terminals: { name: string; last_activity: string }[] = [];

  constructor(private readonly clock: EmulatorClock) {
    this.started = this.stamp();
    this.lastActivity = this.started;
  }

  private stamp(): string {
    return this.clock.now().toISOString();
  }

  touch(): void {
    this.lastActivity = this.stamp();
  }

  setKernelBusy(busy: boolean): void {
    const now = this.stamp();
    let kernel = this.kernels[0];
    if (!kernel) {
      kernel = { id: `k-${this.started}`, name: 'python3', last_activity: now, execution_state: 'idle', connections: 1 };
      this.kernels.push(kernel);
    }
    kernel.execution_state = busy ? 'busy' : 'idle';
    kernel.last_activity = now;
    this.lastActivity = now;
  }

  openTerminal(): void {
    const now = this.stamp();
    this.terminals.push({ name: String(this.terminals.length + 1), last_activity: now });
    this.lastActivity = now;
  }

  closeTerminals(): void {
    this.terminals = [];
    this.lastActivity = this.stamp();
  }

  /** What gpubot's activity reader prints after reading the three endpoints. */
  report(): { now: string; status: unknown; kernels: unknown; terminals: unknown } {
    return {
      now: this.stamp(),
      status: {
        started: this.started,
        last_activity: this.lastActivity,
        connections: this.kernels.reduce((sum, kernel) => sum + kernel.connections, 0),
        kernels: this.kernels.length,
      },
      kernels: this.kernels.map((kernel) => ({ ...kernel })),
      terminals: this.terminals.map((terminal) => ({ ...terminal })),
    };
  }
}
