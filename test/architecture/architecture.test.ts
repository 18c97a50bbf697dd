import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { hasMessage } from '../../src/i18n/translate.js';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const importsOf = new Map<string, string[]>(
  files.map((file) => {
    const code = readFileSync(file, 'utf8');
    const specs = [...code.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
    return [file, specs];
  }),
);

function localTargets(file: string): string[] {
  return (importsOf.get(file) ?? [])
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
}

/** The core: everything that decides what gpubot does, written against ports only. */
const CORE = [
  'bot',
  'jobs',
  'outbox',
  'commands',
  'messages',
  'queue',
  'catalog',
  'i18n',
  'reservations',
  'cluster-index',
  'shared-listing',
  'shared-cache',
  'governance',
  'audit',
  'lifecycle',
];
const coreFiles = files.filter((file) => CORE.includes(relative(SRC, file).split('/')[0] as string));

test('the core imports no chat, cloud or Kubernetes SDK', () => {
  const sdk = /^(@slack\/|dingtalk-stream|@alicloud\/|@kubernetes\/client-node)/;
  const offenders = coreFiles.flatMap((file) =>
    (importsOf.get(file) ?? []).filter((spec) => sdk.test(spec)).map((spec) => `${relative(SRC, file)} -> ${spec}`),
  );
  assert.deepEqual(offenders, []);
  // The scan itself works: the adapters do import their SDKs.
  const adapters = [...importsOf.values()].flat().filter((spec) => sdk.test(spec));
  assert.ok(adapters.length >= 4, 'expected the adapters to import their SDKs');
});

test('the core reaches chat, cloud and Kubernetes only through their port.ts', () => {
  const areas = ['chat', 'cloud', 'kube'];
  const reached = coreFiles.flatMap((file) =>
    localTargets(file)
      .map((target) => relative(SRC, target))
      .filter((target) => areas.includes(target.split('/')[0] as string))
      .map((target) => ({ from: relative(SRC, file), target })),
  );
  const offenders = reached.filter(({ target }) => !areas.some((area) => target === `${area}/port.ts`));
  assert.deepEqual(
    offenders.map(({ from, target }) => `${from} -> ${target}`),
    [],
  );
  // The scan itself works: the core does reach every area, through its port.
  for (const area of areas)
    assert.ok(
      reached.some(({ target }) => target === `${area}/port.ts`),
      `no core import of ${area}/port.ts`,
    );
});

test('only the composition root (src/app) builds adapters', () => {
  const builders = /create(Slack|DingTalk)(Receiver|Sender)|createConsoleChat|new AlibabaCloud|startEmulator\b/;
  const roots = ['main.ts', 'emulator/index.ts'];
  const offenders = files.filter((file) => {
    const rel = relative(SRC, file);
    if (roots.includes(rel) || /^(app|chat|cloud|emulator)\//.test(rel)) return false;
    return builders.test(readFileSync(file, 'utf8'));
  });
  assert.deepEqual(
    offenders.map((f) => relative(SRC, f)),
    [],
  );
});

test('no circular imports in src', () => {
  const cycles: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => relative(SRC, f)).join(' -> '));
      return;
    }
    state.set(file, 'visiting');
    stack.push(file);
    for (const target of localTargets(file)) visit(target);
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) visit(file);
  assert.deepEqual(cycles, []);
});

test('every message key used in src exists in both languages', () => {
  const missing = files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\btext\('([a-zA-Z0-9_.]+)'/g)]
      .map((m) => m[1] as string)
      .filter((key) => !hasMessage(key))
      .map((key) => `${relative(SRC, file)}: ${key}`),
  );
  assert.deepEqual(missing, []);
});
