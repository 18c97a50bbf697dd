import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommand } from '../../src/commands/parse-command.js';
import { translate } from '../../src/i18n/translate.js';

/** mulberry32: a tiny seeded PRNG, so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  '/gpu-cluster',
  'gpu-cluster',
  '／notebook',
  '/notebook',
  'create',
  'list',
  'status',
  'delete',
  'start',
  'stop',
  'password',
  'help',
  'lang',
  'zh',
  '2',
  '0',
  '41',
  'gn5',
  'gn6i',
  'ecs.gn5i-c2g1.large',
  'name=',
  'name=x',
  '=',
  'a=b=c',
  'gpus=3',
  'image=tensorflow/tensorflow:1.4.1-gpu-py3',
  'image=@',
  'region=cn-hangzhou',
  'zone=cn-hangzhou-h',
  'cluster=',
  ' ',
  '\t',
  '\u3000',
  '\u00a0',
  '`',
  '集群',
  '😀',
  '--help',
];

function junk(next: () => number): string {
  const parts: string[] = [];
  const length = Math.floor(next() * 12);
  for (let i = 0; i < length; i++) {
    const pick = next();
    if (pick < 0.45) parts.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? '');
    else if (pick < 0.8) parts.push(String.fromCharCode(0x20 + Math.floor(next() * 95)));
    else if (pick < 0.95) parts.push(String.fromCodePoint(0xa0 + Math.floor(next() * 0xffff - 0xa0)));
    else parts.push(String.fromCharCode(Math.floor(next() * 0x20)));
    if (next() < 0.5) parts.push(' ');
  }
  return parts.join('');
}

describe('parseCommand never throws', () => {
  it('answers 5000 random inputs with a command or a renderable error', () => {
    const seed = 20260128;
    const next = random(seed);
    for (let i = 0; i < 5000; i++) {
      const input = junk(next);
      let result: ReturnType<typeof parseCommand>;
      try {
        result = parseCommand(input, { maxNodesPerCluster: 1 + Math.floor(next() * 60) });
      } catch (error) {
        return assert.fail(`seed ${seed} case ${i} threw on ${JSON.stringify(input)}: ${String(error)}`);
      }
      if (result.ok) {
        assert.equal(typeof result.command.kind, 'string');
        continue;
      }
      for (const locale of ['en', 'zh-CN'] as const) {
        const rendered = `${translate(locale, result.error)}\n${translate(locale, result.usage)}`;
        assert.doesNotMatch(rendered, /undefined|\[object|NaN/, `case ${i}: ${JSON.stringify(input)}`);
      }
    }
  });

  it('survives very long and odd inputs', () => {
    for (const input of [
      'x'.repeat(100_000),
      '\u0000'.repeat(10),
      '='.repeat(400),
      '/'.repeat(400),
      '\ud83d',
      '/gpu-cluster create 2 gn5 ' + 'a=1 '.repeat(100),
    ]) {
      const result = parseCommand(input, { maxNodesPerCluster: 40 });
      assert.equal(typeof result.ok, 'boolean');
    }
  });
});
