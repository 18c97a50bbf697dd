import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import type { EmulatedCluster } from './emulated-cluster.js';
import { parseApiPath } from './parse-api-path.js';
import { podContainers, podNodeName, podPhase, podRequests } from './pod-resources.js';
import { R } from './resources.js';
import { runEmulatedCommand } from './run-emulated-command.js';
import { KubeStatusError } from './status-error.js';

/** The streaming subprotocols we speak, best first; both carry the status JSON on channel 3. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

export function pickExecProtocol(offered: Set<string>): string | false {
  return EXEC_PROTOCOLS.find((p) => offered.has(p)) ?? false;
}

const STDOUT = 1;
const STDERR = 2;
const STATUS = 3;

/**
 * `pods/{name}/exec` over WebSocket, as client-node's Exec uses it: stdout on channel 1, stderr on 2,
 * then a Status on 3 and close. Anything wrong is answered with a Status before the upgrade.
 */
export function serveExec(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  cluster: EmulatedCluster | undefined,
  serverAddress: string,
): void {
  try {
    if (!cluster) throw new KubeStatusError('Unauthorized', 'Unauthorized');
    const url = new URL(req.url ?? '/', 'http://emulator');
    const route = parseApiPath(url.pathname, serverAddress);
    if (route.kind !== 'resource' || route.type.kind !== 'Pod' || !route.name || route.subresource !== 'exec') {
      throw new KubeStatusError('NotFound', 'the server could not find the requested resource', {});
    }
    const pod = cluster.store.get(R.pods, route.namespace, route.name);
    const containers = podContainers(pod);
    const containerName = url.searchParams.get('container') || containers[0]?.name || '';
    if (!containers.some((c) => c.name === containerName)) {
      throw new KubeStatusError('BadRequest', `container ${containerName} is not valid for pod ${route.name}`);
    }
    if (podPhase(pod) !== 'Running') {
      throw new KubeStatusError('BadRequest', `unable to upgrade connection: container not found ("${containerName}")`);
    }
    const argv = url.searchParams.getAll('command');
    if (argv.length === 0) throw new KubeStatusError('BadRequest', 'you must specify at least 1 command');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    if (!pickExecProtocol(new Set(offered))) {
      throw new KubeStatusError(
        'BadRequest',
        `none of the offered subprotocols is supported; use one of ${EXEC_PROTOCOLS.join(', ')}`,
      );
    }
    const nodeName = podNodeName(pod) ?? '';
    const node = cluster.nodeSpecs.get(nodeName);
    const result = runEmulatedCommand(argv, {
      gpuCount: podRequests(pod).gpu,
      gpuModel: node && node.gpuCount > 0 ? node.gpuModel : undefined,
      gpuMemoryGiB: node?.gpuMemoryGiB ?? 0,
      nodeName,
      podUid: pod.metadata.uid ?? '',
      now: cluster.clock.now(),
      jupyter: cluster.processes.jupyterOf(pod.metadata.uid ?? ''),
    });
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (result.stdout) ws.send(frame(STDOUT, result.stdout));
      if (result.stderr) ws.send(frame(STDERR, result.stderr));
      ws.send(frame(STATUS, JSON.stringify(exitStatus(argv, result.exitCode))));
      ws.close(1000);
    });
  } catch (error) {
    const status = error instanceof KubeStatusError ? error : new KubeStatusError('InternalError', String(error));
    const body = JSON.stringify(status.toStatus());
    socket.end(
      `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
}

function frame(channel: number, text: string): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.from(text, 'utf8')]);
}

function exitStatus(argv: string[], exitCode: number): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}
