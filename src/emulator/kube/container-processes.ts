import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JupyterActivity } from './emulated-jupyter.js';

interface Process {
  readonly podUid: string;
  readonly containerPort: number;
  readonly server: Server;
  readonly jupyter?: JupyterActivity;
  loopbackPort?: number;
}

/**
 * The emulated programs that really listen (Jupyter), one loopback server per container port, so
 * probes, load balancers and tests talk to them over real TCP and TLS.
 */
export class ContainerProcesses {
  private readonly processes = new Map<string, Process>();

  start(podUid: string, containerName: string, containerPort: number, server: Server, jupyter?: JupyterActivity): void {
    const key = `${podUid}/${containerName}`;
    this.processes.get(key)?.server.close();
    const process: Process = { podUid, containerPort, server, ...(jupyter ? { jupyter } : {}) };
    this.processes.set(key, process);
    server.listen(0, '127.0.0.1', () => {
      process.loopbackPort = (server.address() as AddressInfo).port;
    });
  }

  /** Where the pod's `containerPort` listens on loopback, once it does. */
  lookup(podUid: string, containerPort: number): number | undefined {
    for (const process of this.processes.values()) {
      if (process.podUid === podUid && process.containerPort === containerPort) return process.loopbackPort;
    }
    return undefined;
  }

  /** The Jupyter running in the pod (its activity), if one does. */
  jupyterOf(podUid: string): JupyterActivity | undefined {
    for (const process of this.processes.values()) {
      if (process.podUid === podUid && process.jupyter) return process.jupyter;
    }
    return undefined;
  }

  /** Stops the programs of pods that no longer exist. */
  reap(livePodUids: ReadonlySet<string>): void {
    for (const [key, process] of this.processes) {
      if (livePodUids.has(process.podUid)) continue;
      process.server.closeAllConnections();
      process.server.close();
      this.processes.delete(key);
    }
  }

  closeAll(): void {
    this.reap(new Set());
  }
}
