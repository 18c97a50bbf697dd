import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMessage, renderProgress, type DingTalkMarkdown } from '../../../src/chat/dingtalk/render-markdown.js';
import { NON_TEXT_HELP } from '../../../src/chat/dingtalk/help-messages.js';
import { LOCALES, text, verbatim } from '../../../src/i18n/text.js';
import type { Message, Progress } from '../../../src/messages/model.js';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
/** Run with UPDATE_GOLDEN=1 to rewrite the files after an intended change; review the diff. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function matchGolden(name: string, rendered: DingTalkMarkdown): void {
  const file = join(GOLDEN_DIR, `${name}.md`);
  const content = `title: ${rendered.title}\n---\n${rendered.text}\n`;
  if (UPDATE || !existsSync(file)) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, content);
    if (!UPDATE) assert.fail(`golden file ${name}.md was missing and has been written; review it and re-run`);
  }
  assert.equal(content, readFileSync(file, 'utf8'));
}

const started = Date.UTC(2025, 0, 1, 8, 0, 0);

const progressRunning: Progress = {
  title: verbatim('gpu-cluster create 2 gn5 → gpu-a1b2'),
  steps: [
    { id: 'cluster', label: verbatim('ACK cluster'), state: 'done' },
    { id: 'nodes', label: verbatim('GPU nodes 1/2'), state: 'running', detail: verbatim('ecs.gn5-c4g1.xlarge starting') },
    { id: 'driver', label: verbatim('GPU driver'), state: 'pending' },
  ],
  state: 'running',
  startedAt: started,
  updatedAt: started + 185_000,
};

const progressFailed: Progress = {
  ...progressRunning,
  steps: [
    { id: 'cluster', label: verbatim('ACK cluster'), state: 'done' },
    { id: 'nodes', label: verbatim('GPU nodes'), state: 'failed', detail: verbatim('NoStock') },
    { id: 'driver', label: verbatim('GPU driver'), state: 'skipped' },
  ],
  state: 'failed',
  updatedAt: started + 3_725_000,
  summary: verbatim('No gn5 capacity in cn-hangzhou-h.\nTry another zone.'),
  tone: 'error',
};

const progressDone: Progress = {
  title: verbatim('notebook start → nb-7'),
  steps: [{ id: 'pod', label: verbatim('Notebook pod'), state: 'done' }],
  state: 'succeeded',
  startedAt: started,
  updatedAt: started + 42_000,
  summary: verbatim('https://nb-7.example.com'),
};

const ready: Message = {
  tone: 'success',
  title: verbatim('Cluster gpu-a1b2 is ready'),
  lines: [verbatim('Your GPU nodes are up.')],
  fields: [
    { label: verbatim('Region'), value: verbatim('cn-hangzhou') },
    { label: verbatim('Nodes'), value: verbatim('2 × ecs.gn5-c4g1.xlarge') },
  ],
};

const failedNoTitle: Message = { tone: 'error', lines: [verbatim('Could not delete gpu-x: it is still creating.')] };

describe('DingTalk markdown renderer (golden files)', () => {
  for (const locale of LOCALES) {
    it(`renders progress and messages in ${locale}`, () => {
      matchGolden(`progress-running.${locale}`, renderProgress(progressRunning, locale));
      matchGolden(`progress-failed.${locale}`, renderProgress(progressFailed, locale));
      matchGolden(`progress-succeeded.${locale}`, renderProgress(progressDone, locale));
      matchGolden(`message-ready.${locale}`, renderMessage(ready, locale));
      matchGolden(`message-error.${locale}`, renderMessage(failedNoTitle, locale));
      matchGolden(`help-non-text.${locale}`, renderMessage(NON_TEXT_HELP, locale));
    });
  }

  it('keeps the notification title short and free of markdown', () => {
    const long: Message = { tone: 'info', lines: [text('verbatim', { value: `**${'x'.repeat(100)}**` })] };
    const rendered = renderMessage(long, 'en');
    assert.equal(rendered.title.length, 60);
    assert.ok(!rendered.title.includes('*'));
  });
});
