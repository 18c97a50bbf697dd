import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TestCertificate } from '../../support/self-signed-cert.js';

/** One AssumeRoleWithOIDC exchange as STS received it. */
export interface OidcExchange {
  readonly query: Record<string, string>;
  readonly form: Record<string, string>;
  readonly issued?: IssuedCredentials;
}

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  readonly expiresAt: number;
}

export interface FakeStsOptions {
  readonly certificate: TestCertificate;
  readonly roleArn: string;
  readonly oidcProviderArn: string;
  /** The OIDC token STS accepts now (the test rotates it as the kubelet would). */
  acceptedToken: () => string;
  /** How long issued credentials live; real STS: DurationSeconds. */
  lifetimeMs: (durationSeconds: number) => number;
  /** Told about every credential issued, e.g. so the cloud emulator accepts it until it expires. */
  onIssue?: (issued: IssuedCredentials) => void;
}

export interface FakeSts {
  /** https://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly exchanges: OidcExchange[];
  /** Answer the next exchanges with a 503 until cleared (STS down). */
  failing: boolean;
  close(): Promise<void>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * STS's AssumeRoleWithOIDC on loopback https, as documented for API version 2015-04-01: an
 * anonymous RPC call (query: Action, Version, Format, Timestamp; form body: OIDCProviderArn,
 * RoleArn, OIDCToken, RoleSessionName, DurationSeconds) answered with `Credentials`
 * (AccessKeyId `STS.…`, AccessKeySecret, SecurityToken, Expiration in ISO 8601 UTC).
 */
export async function startFakeSts(options: FakeStsOptions): Promise<FakeSts> {
  const exchanges: OidcExchange[] = [];
  const state = { failing: false };
  const server: Server = createServer({ key: options.certificate.key, cert: options.certificate.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://sts');
      const query = Object.fromEntries(url.searchParams);
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const requestId = randomUUID().toUpperCase();
      const fail = (status: number, code: string, message: string) => {
        exchanges.push({ query, form });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ RequestId: requestId, HostId: 'sts.aliyuncs.com', Code: code, Message: message }));
      };
      if (state.failing)
        return fail(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.');
      if (req.method !== 'POST' || query.Action !== 'AssumeRoleWithOIDC' || query.Version !== '2015-04-01') {
        return fail(400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
      }
      if (form.RoleArn !== options.roleArn) return fail(404, 'EntityNotExist.Role', 'The specified Role does not exist.');
      if (form.OIDCProviderArn !== options.oidcProviderArn) {
        return fail(404, 'EntityNotExist.OIDCProvider', 'The specified OIDC provider does not exist.');
      }
      if (form.OIDCToken !== options.acceptedToken()) {
        return fail(400, 'AuthenticationFail.OIDCToken.Invalid', 'The OIDC token is invalid or expired.');
      }
      if (!form.RoleSessionName) return fail(400, 'MissingRoleSessionName', 'RoleSessionName is mandatory for this action.');
      const duration = Number(form.DurationSeconds ?? 3600);
      if (!(duration >= 900)) return fail(400, 'InvalidParameter.DurationSeconds', 'The DurationSeconds is invalid.');
      const issued: IssuedCredentials = {
        accessKeyId: `STS.${randomBytes(12).toString('hex')}`,
        accessKeySecret: randomBytes(18).toString('base64url'),
        securityToken: `CAIS${randomBytes(24).toString('base64url')}`,
        // Expiration is stated to the second; the credentials stop working exactly then.
        expiresAt: Math.floor((Date.now() + options.lifetimeMs(duration)) / 1000) * 1000,
      };
      options.onIssue?.(issued);
      exchanges.push({ query, form, issued });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          RequestId: requestId,
          AssumedRoleUser: { AssumedRoleId: '3315779489546****', Arn: `${options.roleArn}/${form.RoleSessionName}` },
          OIDCTokenInfo: {
            Subject: 'system:serviceaccount:gpubot:gpubot',
            Issuer: 'https://oidc-ack.example',
            ClientIds: 'sts.aliyuncs.com',
          },
          Credentials: {
            AccessKeyId: issued.accessKeyId,
            AccessKeySecret: issued.accessKeySecret,
            SecurityToken: issued.securityToken,
            Expiration: iso(issued.expiresAt),
          },
        }),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    exchanges,
    get failing() {
      return state.failing;
    },
    set failing(value: boolean) {
      state.failing = value;
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
