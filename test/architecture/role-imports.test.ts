import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = resolve(import.meta.dirname, '../../src');

/**
 * The modules loaded at startup with `from`: static imports and re-exports, not `import type`
 * (erased) and not `import()` (loaded only when reached). A named import used only as a type is
 * counted too: the closure can only be larger than what Node loads, never smaller.
 */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const statements = code.matchAll(/^\s*(import|export)\s+(type\s)?[^;]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm);
  return [...statements].flatMap((m) => (m[2] ? [] : [(m[3] ?? m[4]) as string]));
}

/** Every package and source file reachable by static imports from `entries` (paths under src). */
function closure(entries: readonly string[]): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(file)) {
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, relative(SRC, file));
        continue;
      }
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      assert.ok(existsSync(target), `${relative(SRC, file)} imports ${spec}, which does not exist`);
      visit(target);
    }
  };
  for (const entry of entries) visit(resolve(SRC, entry));
  return { files, packages };
}

const chatSdk = /^(@slack\/|dingtalk-stream)/;
const offending = (packages: Map<string, string>, pattern: RegExp) =>
  [...packages].filter(([spec]) => pattern.test(spec)).map(([spec, from]) => `${from} -> ${spec}`);

test('a worker process loads no chat SDK and no emulator: the chat adapters and the emulator are imported lazily', () => {
  // What `GPUBOT_ROLE=worker node dist/main.js` loads before its first job: the entry, the composition root, the worker role.
  const worker = closure(['main.ts', 'app/start-gpubot.ts', 'app/start-worker-role.ts']);
  assert.deepEqual(offending(worker.packages, chatSdk), []);
  const emulator = [...worker.files].map((file) => relative(SRC, file)).filter((file) => file.startsWith('emulator/'));
  assert.deepEqual(emulator, []);
  // The scan itself works: it follows imports into the worker's dependencies, and finds Bolt behind the Slack adapter.
  assert.ok(worker.packages.has('bullmq') && worker.packages.has('@kubernetes/client-node'));
  const slack = closure(['chat/slack/create-slack-receiver.ts']);
  assert.ok(slack.packages.has('@slack/bolt'));
  assert.ok(closure(['chat/dingtalk/index.ts']).packages.has('dingtalk-stream'));
});

test('a bot process loads only the chat SDK of its platform, once it knows which', () => {
  const bot = closure(['main.ts', 'app/start-gpubot.ts', 'app/start-bot-role.ts']);
  assert.deepEqual(offending(bot.packages, chatSdk), []);
  assert.deepEqual(offending(bot.packages, /^@kubernetes\/client-node/), []);
});
