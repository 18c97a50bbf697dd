import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LIMITS } from '../../../src/chat/slack/block-text.js';
import { formatElapsed } from '../../../src/chat/slack/format-elapsed.js';
import { renderMessageBlocks, renderProgressBlocks, type SlackMessage } from '../../../src/chat/slack/render-blocks.js';
import { text, verbatim, type Locale } from '../../../src/i18n/text.js';
import { message, type Message, type Progress } from '../../../src/messages/model.js';

const GOLDEN = new URL('./golden/', import.meta.url);

/** Compares with the stored JSON; UPDATE_GOLDEN=1 rewrites it (review the diff before committing). */
function assertGolden(name: string, actual: SlackMessage): void {
  const file = new URL(`${name}.json`, GOLDEN);
  const json = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, json);
  assert.equal(json, readFileSync(file, 'utf8'), `golden ${name}.json differs (UPDATE_GOLDEN=1 to accept)`);
}

const steps = (states: Progress['steps'][number]['state'][]): Progress['steps'] =>
  ['Create VPC', 'Create ACK cluster', 'Add 2 × ecs.gn5 GPU nodes', 'Install GPU drivers'].map((label, i) => ({
    id: `s${i}`,
    label: verbatim(label),
    state: states[i] ?? 'pending',
    ...(i === 1 && states[i] === 'running' ? { detail: verbatim('cloud stage: running <ok> & waiting') } : {}),
  }));

const running: Progress = {
  title: verbatim('Creating cluster gpu-1'),
  steps: steps(['done', 'running', 'pending', 'pending']),
  state: 'running',
  startedAt: 1_700_000_000_000,
  updatedAt: 1_700_000_125_000,
};

const succeeded: Progress = {
  ...running,
  steps: steps(['done', 'done', 'done', 'skipped']),
  state: 'succeeded',
  updatedAt: 1_700_000_723_000,
  summary: verbatim('Cluster gpu-1 is ready: 2 GPU nodes in cn-hangzhou-h.'),
  tone: 'success',
};

const failed: Progress = {
  ...running,
  steps: steps(['done', 'done', 'failed', 'pending']),
  state: 'failed',
  updatedAt: 1_700_003_723_000,
  summary: verbatim('No ecs.gn5 stock in cn-hangzhou-h. Nothing is billed; try another zone.'),
  tone: 'error',
};

const confirm: Message = message('warning', [verbatim('Delete cluster *gpu-1* and its 2 GPU nodes?')], {
  title: verbatim('Confirm deletion'),
  fields: [
    { label: verbatim('Cluster'), value: verbatim('c-8a7f3e') },
    { label: verbatim('Nodes'), value: verbatim('2 × ecs.gn5-c4g1.xlarge') },
  ],
  actions: [
    { id: 'confirm', label: verbatim('Delete cluster'), value: 'confirm:3f9c', style: 'danger' },
    { id: 'cancel', label: verbatim('Cancel'), value: 'cancel:3f9c' },
  ],
});

const notebookDm: Message = message('success', [verbatim('Your notebook is running.')], {
  title: verbatim('Notebook ready'),
  fields: [
    { label: verbatim('URL'), value: verbatim('https://nb.example.com/?a=1&b=2') },
    { label: verbatim('Password'), value: verbatim('q_Z*9~x') },
  ],
});

describe('Block Kit renderer (golden files)', () => {
  const cases: [string, () => SlackMessage][] = [
    ['progress-running', () => renderProgressBlocks(running, 'en')],
    ['progress-succeeded', () => renderProgressBlocks(succeeded, 'en')],
    ['progress-failed', () => renderProgressBlocks(failed, 'en')],
    ['progress-running-zh', () => renderProgressBlocks(running, 'zh-CN')],
    ['message-confirm', () => renderMessageBlocks(confirm, 'en')],
    ['message-confirm-zh', () => renderMessageBlocks(confirm, 'zh-CN')],
    ['message-notebook-dm', () => renderMessageBlocks(notebookDm, 'en')],
    ['message-plain', () => renderMessageBlocks(message('error', [text('slack.ack.failed')]), 'en')],
  ];
  for (const [name, render] of cases) it(name, () => assertGolden(name, render()));
});

describe('Block Kit limits', () => {
  it('splits long text into sections of at most 3000 characters and keeps at most 50 blocks', () => {
    const lines = Array.from({ length: 400 }, (_, i) => verbatim(`line ${i} ${'x'.repeat(400)}`));
    const rendered = renderMessageBlocks(
      message('info', lines, { actions: [{ id: 'confirm', label: verbatim('y'.repeat(120)), value: 'v' }] }),
      'en',
    );
    assert.ok(rendered.blocks.length <= LIMITS.blocks);
    assert.equal(rendered.blocks.at(-1)?.type, 'actions', 'the buttons survive truncation');
    for (const block of rendered.blocks) {
      if (block.type === 'section' && block.text) assert.ok(block.text.text.length <= LIMITS.sectionText);
      if (block.type === 'actions') {
        for (const element of block.elements) {
          if (element.type === 'button') assert.ok(element.text.text.length <= LIMITS.buttonText);
        }
      }
    }
    assert.ok(rendered.text.length <= LIMITS.fallbackText);
  });

  it('keeps a progress with many steps within limits', () => {
    const many: Progress = {
      ...running,
      steps: Array.from({ length: 300 }, (_, i) => ({
        id: `s${i}`,
        label: verbatim(`step ${i} ${'z'.repeat(80)}`),
        state: 'done' as const,
      })),
    };
    const rendered = renderProgressBlocks(many, 'en');
    assert.ok(rendered.blocks.length <= LIMITS.blocks);
    assert.equal(rendered.blocks.at(-1)?.type, 'context');
  });

  it('formats elapsed time', () => {
    const cases: [number, Locale, string][] = [
      [0, 'en', '0s'],
      [45_999, 'en', '45s'],
      [125_000, 'en', '2m 05s'],
      [3_723_000, 'en', '1h 02m'],
      [125_000, 'zh-CN', '2分05秒'],
    ];
    for (const [ms, locale, expected] of cases) assert.equal(formatElapsed(ms, locale), expected);
  });
});
