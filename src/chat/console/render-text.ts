import type { Locale } from '../../i18n/text.js';
import { translate as translateText } from '../../i18n/translate.js';
import type { Text } from '../../i18n/text.js';
import type { Message, Progress, ProgressStep, StepState, Tone } from '../../messages/model.js';

/** A value cannot move the cursor, clear the screen or recolour the terminal. */
const stripControls = (value: string): string => value.replace(/[\p{Cc}\p{Cf}]/gu, '');
/** A Text for the terminal: values stripped of control characters. */
export const translate = (locale: Locale, value: Text): string => translateText(locale, value, stripControls);

const STEP_MARK: Record<StepState, string> = { pending: '·', running: '▶', done: '✔', failed: '✘', skipped: '–' };
const TONE_MARK: Record<Tone, string> = { info: 'ℹ', success: '✅', warning: '⚠', error: '❌' };

export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/** A message as plain text lines (title, lines, fields, and the buttons as hints). */
export function renderMessageText(value: Message, locale: Locale): string[] {
  const out: string[] = [];
  if (value.title) out.push(`${TONE_MARK[value.tone]} ${translate(locale, value.title)}`);
  value.lines.forEach((line, index) => {
    const mark = !value.title && index === 0 ? `${TONE_MARK[value.tone]} ` : '  ';
    out.push(`${mark}${translate(locale, line)}`);
  });
  for (const field of value.fields ?? []) out.push(`  ${translate(locale, field.label)}: ${translate(locale, field.value)}`);
  for (const action of value.actions ?? []) {
    out.push(`  [${translate(locale, action.label)}]${action.command ? ` ${action.command}` : ''}`);
  }
  return out;
}

export function renderStepText(step: ProgressStep, locale: Locale): string {
  const detail = step.detail ? ` — ${translate(locale, step.detail)}` : '';
  return `${STEP_MARK[step.state]} ${translate(locale, step.label)}${detail}`;
}

/** The whole checklist, for a first post or a terminal that shows it again. */
export function renderProgressText(progress: Progress, locale: Locale): string[] {
  const head = `${progress.state === 'running' ? '⏳' : TONE_MARK[progress.tone ?? (progress.state === 'succeeded' ? 'success' : 'error')]} ${translate(locale, progress.title)}`;
  const lines = [head, ...progress.steps.map((step) => `  ${renderStepText(step, locale)}`)];
  if (progress.summary)
    lines.push(`  ${translate(locale, progress.summary)} (${formatElapsed(progress.updatedAt - progress.startedAt)})`);
  return lines;
}
