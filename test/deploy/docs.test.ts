import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every code gpubot raises: the first argument of its error classes' constructors. */
function errorCodes(): string[] {
  const codes = new Set<string>();
  const pattern = /(?:new (?:GpubotError|UserFacingError|RetryableError)|super)\(\s*'([a-z]+\.[a-z_.]+)'/g;
  for (const file of sources(join(ROOT, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) codes.add(match[1] as string);
  }
  return [...codes].sort();
}

test('docs/troubleshooting.md explains every error code gpubot raises', () => {
  const codes = errorCodes();
  assert.ok(codes.length > 40, `found only ${codes.length} codes: did the pattern break?`);
  const doc = readFileSync(join(ROOT, 'docs/troubleshooting.md'), 'utf8');
  const missing = codes.filter((code) => !doc.includes(`\`${code}\``));
  assert.deepEqual(missing, [], 'add each to docs/troubleshooting.md with its cause and fix');
});

test('the README links the operations guide, the troubleshooting guide and the Chinese setup guide', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const doc of ['docs/operations.md', 'docs/troubleshooting.md', 'docs/README.zh-CN.md']) {
    assert.ok(readme.includes(`(${doc})`), doc);
    assert.ok(statSync(join(ROOT, doc)).isFile(), doc);
  }
  assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0, January 2004/);
});
