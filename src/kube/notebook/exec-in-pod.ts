import { Writable } from 'node:stream';
import type { Exec, V1Status } from '@kubernetes/client-node';
import { RetryableError, type GpubotError } from '../../errors.js';
import { errorForStatus, mapKubeError } from './map-kube-error.js';
import type { ExecResult } from './types.js';

function sink(append: (chunk: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      append(chunk.toString('utf8'));
      done();
    },
  });
}

function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const code = Number.parseInt(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message ?? '', 10);
  return Number.isFinite(code) ? code : -1;
}

/**
 * Runs a command in a container over the streaming protocol (client-node's Exec), collecting
 * stdout and stderr until the status frame arrives. Gives up after `timeoutMs`.
 */
export function execInPod(
  exec: Exec,
  target: { namespace: string; pod: string; container: string },
  command: readonly string[],
  timeoutMs: number,
): Promise<ExecResult> {
  let stdout = '';
  let stderr = '';
  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    let socket: { close(): void } | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      socket?.close();
    };
    const timer = setTimeout(
      () => finish(() => reject(new RetryableError('kube.exec_timeout', `exec did not finish in ${timeoutMs} ms`))),
      timeoutMs,
    );
    exec
      .exec(
        target.namespace,
        target.pod,
        target.container,
        [...command],
        sink((s) => (stdout += s)),
        sink((s) => (stderr += s)),
        null,
        false,
        (status) => finish(() => resolve({ stdout, stderr, exitCode: exitCodeOf(status) })),
      )
      .then((ws) => {
        socket = ws;
        if (settled) ws.close();
        // A connection that closes without a status frame ended abnormally.
        ws.on('close', () => finish(() => resolve({ stdout, stderr, exitCode: -1 })));
      })
      .catch((error: unknown) => finish(() => reject(mapExecError(error))));
  });
}

/**
 * The WebSocket upgrade's refusal comes from the ws library as `Unexpected server response: 503`,
 * not as an API exception: its status means what it means for any call (errorForStatus).
 */
function mapExecError(error: unknown): GpubotError {
  // ws hands its `onerror` an ErrorEvent, not the Error: only the message is read.
  const message = (error as { message?: unknown } | undefined)?.message;
  const status = /Unexpected server response: (\d{3})/.exec(typeof message === 'string' ? message : '')?.[1];
  return status ? errorForStatus('exec', Number(status), '') : mapKubeError('exec', error);
}
