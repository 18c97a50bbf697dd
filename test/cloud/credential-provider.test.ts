import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createCredentialProvider, type CloudCredentials } from '../../src/cloud/alibaba/credential-provider.js';
import { startFakeSts, type FakeSts } from '../fakes/alibaba/fake-sts.js';
import type { MetadataRequest } from '../fakes/alibaba/fake-metadata.js';
import { pollUntil } from '../support/poll-until.js';
import { selfSignedCertificate, type TestCertificate } from '../support/self-signed-cert.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Temporary credentials are exchanged again 15 minutes before they expire (the library's rule). */
const STALE_AHEAD_MS = 15 * 60_000;

type ProbeAnswer =
  | { ok: true; credentials: CloudCredentials }
  | { ok: false; code: string; retryable: boolean; message: string; userMessage?: { key: string } };

interface Probe {
  get(): Promise<ProbeAnswer>;
  metadata(): Promise<{ requests: MetadataRequest[]; issued: string[] }>;
  output(): string;
  close(): Promise<void>;
}

/** gpubot's credential provider in a child process (its own trust store, maybe its own network). */
async function startProbe(env: Record<string, string>, options: { privateNetwork?: boolean } = {}): Promise<Probe> {
  const node = [process.execPath, '--import', 'tsx', 'test/support/credential-probe.ts'];
  const setup = 'ip link set lo up && ip addr add 100.100.100.200/32 dev lo && exec "$@"';
  const [command, ...args] = options.privateNetwork ? ['unshare', '--net', 'sh', '-c', setup, 'sh', ...node] : node;
  const child: ChildProcess = spawn(command as string, args, {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', ...(options.privateNetwork ? { PROBE_PRIVATE_NETWORK: '1' } : {}), ...env },
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the probe exited: ${errors}`);
    return JSON.parse(line.value) as T;
  };
  await next<{ ready: true }>();
  const ask = <T>(command: string) => {
    child.stdin?.write(`${command}\n`);
    return next<T>();
  };
  return {
    get: () => ask<ProbeAnswer>('get'),
    metadata: () => ask('metadata'),
    output: () => errors,
    async close() {
      child.stdin?.end();
      if (child.exitCode === null) await new Promise((done) => child.once('exit', done));
    },
  };
}

function credentialsOf(answer: ProbeAnswer): CloudCredentials {
  if (!answer.ok) assert.fail(`no credentials: ${answer.code} ${answer.message}`);
  return answer.credentials;
}

describe('AccessKey', () => {
  test('a static AccessKey, and an STS one with its token', async () => {
    const plain = createCredentialProvider({ source: 'access-key', accessKeyId: 'LTAIx', accessKeySecret: 's' });
    assert.deepEqual(await plain.get(), { accessKeyId: 'LTAIx', accessKeySecret: 's' });
    const sts = createCredentialProvider({
      source: 'access-key',
      accessKeyId: 'STS.x',
      accessKeySecret: 's',
      securityToken: 't',
    });
    assert.deepEqual(await sts.get(), { accessKeyId: 'STS.x', accessKeySecret: 's', securityToken: 't' });
    assert.equal(sts.source, 'access-key');
  });
});

describe('RRSA: the OIDC token exchanged with STS AssumeRoleWithOIDC', () => {
  const ROLE = 'acs:ram::1234567890:role/gpubot';
  const PROVIDER = 'acs:ram::1234567890:oidc-provider/ack-rrsa-c0ffee';
  let certificate: TestCertificate;
  let sts: FakeSts;
  let dir: string;
  let tokenFile: string;
  let oidcToken = 'eyJ-first-projected-token';
  const lifetimeMs = STALE_AHEAD_MS + 1500;

  before(async () => {
    certificate = selfSignedCertificate();
    dir = mkdtempSync(join(tmpdir(), 'gpubot-rrsa-'));
    tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, oidcToken);
    sts = await startFakeSts({
      certificate,
      roleArn: ROLE,
      oidcProviderArn: PROVIDER,
      acceptedToken: () => oidcToken,
      lifetimeMs: () => lifetimeMs,
    });
  });
  after(async () => {
    await sts.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({
    NODE_EXTRA_CA_CERTS: certificate.certFile,
    ALIBABA_CLOUD_ROLE_ARN: ROLE,
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER,
    ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
    ALIBABA_CLOUD_ROLE_SESSION_NAME: 'gpubot-test',
    GPUBOT_STS_ENDPOINT: sts.endpoint,
  });

  test('exchanges the token file, reuses the credentials, and exchanges the rotated token before expiry', async () => {
    const probe = await startProbe(env());
    try {
      const before = sts.exchanges.length;
      const first = credentialsOf(await probe.get());
      assert.match(first.accessKeyId, /^STS\./);
      assert.ok(first.securityToken, 'temporary credentials carry a security token');
      const exchange = sts.exchanges[before];
      assert.deepEqual(
        { action: exchange?.query.Action, version: exchange?.query.Version, format: exchange?.query.Format },
        { action: 'AssumeRoleWithOIDC', version: '2015-04-01', format: 'JSON' },
      );
      assert.deepEqual(exchange?.form, {
        OIDCProviderArn: PROVIDER,
        OIDCToken: 'eyJ-first-projected-token',
        RoleArn: ROLE,
        RoleSessionName: 'gpubot-test',
        DurationSeconds: '3600',
      });
      assert.deepEqual(credentialsOf(await probe.get()), first, 'cached while far from expiry');
      assert.equal(sts.exchanges.length, before + 1);

      // The kubelet rotates the projected token; STS now accepts only the new one.
      oidcToken = 'eyJ-rotated-projected-token';
      writeFileSync(tokenFile, oidcToken);
      const issued = sts.exchanges[before]?.issued;
      await pollUntil(
        () => Date.now() > (issued?.expiresAt ?? 0) - STALE_AHEAD_MS + 50,
        () => 'never stale',
        5000,
      );
      const second = credentialsOf(await probe.get());
      assert.notEqual(second.accessKeyId, first.accessKeyId, 'new credentials, well before the old ones expire');
      assert.ok(Date.now() < (issued?.expiresAt ?? 0), 'the old credentials were still valid: refreshed ahead');
      assert.equal(sts.exchanges.at(-1)?.form.OIDCToken, 'eyJ-rotated-projected-token', 'the token file is read again');
    } finally {
      await probe.close();
    }
  });

  test('STS down: a first exchange fails retryably without leaking the token; later ones keep the valid credentials', async () => {
    const probe = await startProbe(env());
    try {
      sts.failing = true;
      const down = await probe.get();
      assert.equal(down.ok, false);
      if (down.ok) return;
      assert.equal(down.code, 'cloud.credentials_unavailable');
      assert.equal(down.retryable, true);
      assert.equal(down.userMessage?.key, 'cloud.error.credentialsUnavailable');
      assert.ok(!down.message.includes(oidcToken), down.message);
      assert.match(down.message, /oidc-role-arn/);

      sts.failing = false;
      const first = credentialsOf(await probe.get());
      // Stale (inside the 15-minute window) but not expired: STS failing again must not stop work.
      sts.failing = true;
      const issued = sts.exchanges.at(-1)?.issued;
      await pollUntil(
        () => Date.now() > (issued?.expiresAt ?? 0) - STALE_AHEAD_MS + 50,
        () => 'never stale',
        5000,
      );
      assert.deepEqual(credentialsOf(await probe.get()), first, 'the still-valid credentials are kept');
    } finally {
      sts.failing = false;
      await probe.close();
    }
  });
});

/** The metadata service lives at 100.100.100.200, which only a private network namespace makes ours. */
const privateNetwork = spawnSync('unshare', ['--net', 'true']).status === 0;

describe(
  "ECS RAM role: the instance's role through the metadata service",
  { skip: !privateNetwork && 'needs unshare --net (root)' },
  () => {
    test('finds the role, hardened mode (IMDSv2) first, and fetches new credentials before expiry', async () => {
      const probe = await startProbe(
        {
          GPUBOT_CLOUD: 'alibaba',
          PROBE_FAKE_METADATA: JSON.stringify({ roleName: 'GpubotEcsRole', lifetimeMs: STALE_AHEAD_MS + 1500 }),
        },
        { privateNetwork: true },
      );
      try {
        const first = credentialsOf(await probe.get());
        assert.match(first.accessKeyId, /^STS\./);
        const seen = await probe.metadata();
        assert.deepEqual(seen.issued, [first.accessKeyId]);
        const paths = seen.requests.map((request) => `${request.method} ${request.path}${request.withToken ? ' +token' : ''}`);
        assert.deepEqual(paths, [
          'PUT /latest/api/token',
          'GET /latest/meta-data/ram/security-credentials/ +token',
          'PUT /latest/api/token',
          'GET /latest/meta-data/ram/security-credentials/GpubotEcsRole +token',
        ]);
        await new Promise((done) => setTimeout(done, 1600));
        const second = credentialsOf(await probe.get());
        assert.notEqual(second.accessKeyId, first.accessKeyId);
        assert.equal((await probe.metadata()).issued.length, 2);
      } finally {
        await probe.close();
      }
    });

    test('no metadata service answering: a retryable error that names the source', async () => {
      const probe = await startProbe({ ALIBABA_CLOUD_ECS_METADATA: 'GpubotEcsRole' }, { privateNetwork: true });
      try {
        const answer = await probe.get();
        assert.equal(answer.ok, false);
        if (answer.ok) return;
        assert.equal(answer.code, 'cloud.credentials_unavailable');
        assert.equal(answer.retryable, true);
        assert.match(answer.message, /ecs-ram-role/);
      } finally {
        await probe.close();
      }
    });
  },
);
