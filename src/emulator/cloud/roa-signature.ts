import { createHash, createHmac } from 'node:crypto';

/**
 * The ROA (CS) request signature exactly as @alicloud/pop-core's ROAClient computes it
 * (lib/roa.js buildStringToSign): values in the canonical resource are the raw (decoded) query values.
 */
export interface RoaSignedParts {
  method: string;
  path: string;
  /** Decoded query; repeated keys are joined with `,` the way a JS array stringifies. */
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
}

export function buildRoaStringToSign(parts: RoaSignedParts): string {
  const h = parts.headers;
  const head = `${parts.method}\n${h['accept'] ?? ''}\n${h['content-md5'] ?? ''}\n${h['content-type'] ?? ''}\n${h['date'] ?? ''}\n`;
  const acsHeaders = Object.keys(h)
    .filter((name) => name.startsWith('x-acs-'))
    .sort()
    .map((name) => `${name}:${(h[name] ?? '').replace(/[\t\n\r\f]/g, ' ').trim()}\n`)
    .join('');
  return `${head}${acsHeaders}${canonicalResource(parts.path, parts.query)}`;
}

function canonicalResource(path: string, query: Record<string, string>): string {
  const keys = Object.keys(query).sort();
  if (keys.length === 0) return path;
  return `${path}?${keys.map((k) => `${k}=${query[k]}`).join('&')}`;
}

export function signRoa(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(Buffer.from(stringToSign, 'utf8')).digest('base64');
}

export function contentMd5(body: Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

/** Parses `acs <AccessKeyId>:<Signature>`. */
export function parseRoaAuthorization(value: string | undefined): { accessKeyId: string; signature: string } | undefined {
  const match = /^acs ([^:\s]+):(\S+)$/.exec(value ?? '');
  if (match === null) return undefined;
  return { accessKeyId: match[1] ?? '', signature: match[2] ?? '' };
}
