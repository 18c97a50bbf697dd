import type { ClusterContext } from './cluster-context.js';
import type { ContainerProcesses } from './container-processes.js';
import { createJupyterServer, JupyterActivity, launchJupyter } from './emulated-jupyter.js';
import type { ContainerSpec } from './pod-resources.js';
import type { Probe } from './probe-container.js';
import type { KubeObject } from './types.js';

type Ports = { name?: string; containerPort: number }[];

export interface LaunchedContainer {
  readonly name: string;
  /** The program exited at once (the kubelet backs off restarting it). */
  readonly crashed?: { exitCode: number; message: string };
  /** The readiness probe to run, with the container port it targets. */
  readonly readiness?: { probe: Probe; port: number };
}

function probePort(probe: Probe, ports: Ports): number | undefined {
  const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
  if (typeof port === 'number') return port;
  return ports.find((p) => p.name === port)?.containerPort;
}

/** Starts each container's program (only Jupyter really listens) and says what the kubelet must watch. */
export function launchContainers(ctx: ClusterContext, processes: ContainerProcesses, pod: KubeObject): LaunchedContainer[] {
  const containers = ((pod['spec'] as { containers?: unknown[] }).containers ?? []) as (ContainerSpec & {
    args?: string[];
    ports?: Ports;
    readinessProbe?: Probe;
  })[];
  return containers.map((container) => {
    const launch = launchJupyter(ctx.store, pod, container);
    if (launch && !launch.ok) return { name: container.name, crashed: { exitCode: launch.exitCode, message: launch.message } };
    if (launch?.ok) {
      const activity = new JupyterActivity(ctx.clock);
      processes.start(pod.metadata.uid ?? '', container.name, launch.port, createJupyterServer(launch.tls), activity);
    }
    const probe = container.readinessProbe;
    const port = probe ? probePort(probe, container.ports ?? []) : undefined;
    return { name: container.name, ...(probe && port !== undefined ? { readiness: { probe, port } } : {}) };
  });
}
