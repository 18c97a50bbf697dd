import { randomBytes, randomUUID } from 'node:crypto';

/** Resource ids shaped like Alibaba Cloud's (prefix + lower-case hex). */
export function newId(prefix: string, hexChars = 20): string {
  return `${prefix}${randomBytes(Math.ceil(hexChars / 2))
    .toString('hex')
    .slice(0, hexChars)}`;
}

export function newClusterId(): string {
  return newId('c', 32);
}

export function newTaskId(): string {
  return newId('T-', 24);
}

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** ACK timestamps carry the China Standard Time offset, e.g. `2024-03-10T17:56:17+08:00`. */
export function formatAckTime(ms: number): string {
  const shifted = new Date(ms + 8 * 3600_000).toISOString().slice(0, 19);
  return `${shifted}+08:00`;
}

/** RFC 3339 UTC without milliseconds, as in kubeconfig `expiration`. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
