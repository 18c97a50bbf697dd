/**
 * Spawned by the credential tests: builds gpubot's credential provider from this process's
 * environment (so NODE_EXTRA_CA_CERTS can trust a fake STS) and answers one JSON line per command
 * on stdin: `get` (the provider's answer) or `metadata` (what the fake metadata service saw).
 * With PROBE_PRIVATE_NETWORK it first checks that it runs in a private network namespace (where
 * 100.100.100.200 is the test's own loopback address); with PROBE_FAKE_METADATA it then serves the
 * fake ECS metadata service there.
 */
import { networkInterfaces } from 'node:os';
import { createInterface } from 'node:readline';
import { createCredentialProvider } from '../../src/cloud/alibaba/credential-provider.js';
import { loadConfig } from '../../src/config/config.js';
import { GpubotError } from '../../src/errors.js';
import { startFakeMetadata, type FakeMetadata } from '../fakes/alibaba/fake-metadata.js';

const METADATA_HOST = '100.100.100.200';

function answer(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

if (process.env.PROBE_PRIVATE_NETWORK || process.env.PROBE_FAKE_METADATA) {
  // Never reach for the real address: only a namespace whose one interface is loopback will do.
  const interfaces = Object.keys(networkInterfaces());
  if (interfaces.some((name) => name !== 'lo')) {
    process.stderr.write(`refusing to use ${METADATA_HOST} outside a private network namespace (${interfaces.join(', ')})\n`);
    process.exit(3);
  }
}
let metadata: FakeMetadata | undefined;
if (process.env.PROBE_FAKE_METADATA) {
  const options = JSON.parse(process.env.PROBE_FAKE_METADATA) as { roleName: string; lifetimeMs: number };
  metadata = await startFakeMetadata({ host: METADATA_HOST, port: 80, ...options });
}

const config = loadConfig(process.env);
if (!config.cloud.credentials) throw new Error('the probe needs configured credentials');
const provider = createCredentialProvider(config.cloud.credentials);
answer({ ready: true, source: provider.source });

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'metadata') answer({ requests: metadata?.requests ?? [], issued: metadata?.issued ?? [] });
  if (line !== 'get') continue;
  try {
    answer({ ok: true, credentials: await provider.get() });
  } catch (error) {
    answer({
      ok: false,
      code: error instanceof GpubotError ? error.code : 'unexpected',
      retryable: error instanceof GpubotError && error.retryable,
      message: error instanceof Error ? error.message : String(error),
      userMessage: error instanceof GpubotError ? error.userMessage : undefined,
    });
  }
}
await metadata?.close();
