import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** A request the metadata service received: method, path and whether it carried an IMDSv2 token. */
export interface MetadataRequest {
  readonly method: string;
  readonly path: string;
  readonly withToken: boolean;
}

export interface FakeMetadataOptions {
  readonly host: string;
  readonly port: number;
  readonly roleName: string;
  /** How long each credential handed out lives. */
  readonly lifetimeMs: number;
}

export interface FakeMetadata {
  readonly requests: MetadataRequest[];
  /** AccessKeyIds handed out, oldest first. */
  readonly issued: string[];
  close(): Promise<void>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The ECS instance metadata service's RAM role endpoints (IMDSv2 hardened mode accepted):
 * PUT /latest/api/token (X-aliyun-ecs-metadata-token-ttl-seconds) → a session token;
 * GET /latest/meta-data/ram/security-credentials/ → the role name;
 * GET /latest/meta-data/ram/security-credentials/<role> → Code, AccessKeyId, AccessKeySecret,
 * SecurityToken, Expiration, LastUpdated.
 */
export async function startFakeMetadata(options: FakeMetadataOptions): Promise<FakeMetadata> {
  const requests: MetadataRequest[] = [];
  const issued: string[] = [];
  const sessions = new Set<string>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const token = req.headers['x-aliyun-ecs-metadata-token'];
    requests.push({ method: req.method ?? 'GET', path, withToken: typeof token === 'string' });
    if (typeof token === 'string' && !sessions.has(token)) return res.writeHead(401).end();
    if (req.method === 'PUT' && path === '/latest/api/token') {
      const ttl = Number(req.headers['x-aliyun-ecs-metadata-token-ttl-seconds']);
      if (!(ttl >= 1 && ttl <= 21600)) return res.writeHead(400).end();
      const session = randomBytes(16).toString('hex');
      sessions.add(session);
      return res.writeHead(200, { 'content-type': 'text/plain' }).end(session);
    }
    if (req.method !== 'GET') return res.writeHead(405).end();
    if (path === '/latest/meta-data/ram/security-credentials/') {
      return res.writeHead(200, { 'content-type': 'text/plain' }).end(options.roleName);
    }
    if (path === `/latest/meta-data/ram/security-credentials/${options.roleName}`) {
      const now = Date.now();
      const accessKeyId = `STS.${randomBytes(10).toString('hex')}`;
      issued.push(accessKeyId);
      return res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          AccessKeyId: accessKeyId,
          AccessKeySecret: randomBytes(18).toString('base64url'),
          Expiration: iso(now + options.lifetimeMs),
          SecurityToken: `CAIS${randomBytes(24).toString('base64url')}`,
          LastUpdated: iso(now),
          Code: 'Success',
        }),
      );
    }
    return res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(options.port, options.host, done));
  return {
    requests,
    issued,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
