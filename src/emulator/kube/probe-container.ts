import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';

export interface Probe {
  httpGet?: { path?: string; port: number | string; scheme?: string };
  tcpSocket?: { port: number | string };
  periodSeconds?: number;
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
}

/**
 * Runs a readiness probe the kubelet's way against a loopback port: TCP connects, or an HTTP(S)
 * GET whose status is 200-399; HTTPS without verifying the certificate, as the kubelet does.
 * Resolves to undefined on success, or the kubelet's failure text.
 */
export function runProbe(probe: Probe, port: number | undefined): Promise<string | undefined> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (port === undefined) return Promise.resolve('dial tcp: connect: connection refused');
  if (probe.tcpSocket) {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error('i/o timeout')));
      socket.on('error', (error) => resolve(`dial tcp: ${error.message}`));
    });
  }
  const get = probe.httpGet ?? { port, path: '/' };
  const https = get.scheme === 'HTTPS';
  return new Promise((resolve) => {
    const req = (https ? httpsRequest : httpRequest)(
      { host: '127.0.0.1', port, path: get.path ?? '/', method: 'GET', timeout: timeoutMs, rejectUnauthorized: false },
      (res) => {
        res.resume();
        const code = res.statusCode ?? 0;
        resolve(code >= 200 && code < 400 ? undefined : `HTTP probe failed with statuscode: ${code}`);
      },
    );
    req.on('timeout', () => req.destroy(new Error('context deadline exceeded')));
    req.on('error', (error) =>
      resolve(`Get "${https ? 'https' : 'http'}://pod:${String(get.port)}${get.path ?? '/'}": ${error.message}`),
    );
    req.end();
  });
}
